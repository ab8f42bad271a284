/* test-reference.c
 *
 * Copyright 2026 The Dockhand Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "dh-error.h"
#include "dh-reference.h"

/* The cases follow distribution/reference (ParseNormalizedNamed +
 * ParseDockerRef): what Docker accepts we accept, with the same
 * normalisation; what it refuses we refuse with a precise message. */

#define HEX64 "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"
#define HEX96 HEX64 "0123456789abcdef0123456789abcdef"
#define HEX128 HEX64 HEX64
#define D256 "sha256:" HEX64

typedef struct
{
  const char *input;
  const char *domain;
  const char *path;
  const char *tag;
  const char *digest;
  const char *full;
  const char *familiar;
} ValidCase;

typedef struct
{
  const char *input;
  const char *phrase;   /* a key part of the message */
} InvalidCase;

static const ValidCase valid_cases[] = {
  /* Docker Hub, official images */
  { "nginx", "docker.io", "library/nginx", NULL, NULL,
    "docker.io/library/nginx:latest", "nginx" },
  { "nginx:1.25", "docker.io", "library/nginx", "1.25", NULL,
    "docker.io/library/nginx:1.25", "nginx:1.25" },
  { "nginx:latest", "docker.io", "library/nginx", "latest", NULL,
    "docker.io/library/nginx:latest", "nginx:latest" },
  { "library/nginx", "docker.io", "library/nginx", NULL, NULL,
    "docker.io/library/nginx:latest", "nginx" },
  { "docker.io/nginx", "docker.io", "library/nginx", NULL, NULL,
    "docker.io/library/nginx:latest", "nginx" },
  { "docker.io/library/x", "docker.io", "library/x", NULL, NULL,
    "docker.io/library/x:latest", "x" },
  { "index.docker.io/nginx:alpine", "docker.io", "library/nginx", "alpine", NULL,
    "docker.io/library/nginx:alpine", "nginx:alpine" },
  { "index.docker.io/library/debian", "docker.io", "library/debian", NULL, NULL,
    "docker.io/library/debian:latest", "debian" },
  /* library/ is only stripped when nothing nested remains */
  { "docker.io/library/foo/bar", "docker.io", "library/foo/bar", NULL, NULL,
    "docker.io/library/foo/bar:latest", "library/foo/bar" },
  { "other/library", "docker.io", "other/library", NULL, NULL,
    "docker.io/other/library:latest", "other/library" },
  /* Docker Hub, user repositories */
  { "alice/app", "docker.io", "alice/app", NULL, NULL,
    "docker.io/alice/app:latest", "alice/app" },
  { "alice/app:1.0", "docker.io", "alice/app", "1.0", NULL,
    "docker.io/alice/app:1.0", "alice/app:1.0" },
  { "index.docker.io/alice/app", "docker.io", "alice/app", NULL, NULL,
    "docker.io/alice/app:latest", "alice/app" },
  { "docker.io/alice/app:v2", "docker.io", "alice/app", "v2", NULL,
    "docker.io/alice/app:v2", "alice/app:v2" },
  { "store/foo/bar", "docker.io", "store/foo/bar", NULL, NULL,
    "docker.io/store/foo/bar:latest", "store/foo/bar" },
  /* a first component without "." or ":" is a namespace, not a host */
  { "test_com/foo", "docker.io", "test_com/foo", NULL, NULL,
    "docker.io/test_com/foo:latest", "test_com/foo" },
  { "registry/foo", "docker.io", "registry/foo", NULL, NULL,
    "docker.io/registry/foo:latest", "registry/foo" },
  /* separators */
  { "dock__er/docker", "docker.io", "dock__er/docker", NULL, NULL,
    "docker.io/dock__er/docker:latest", "dock__er/docker" },
  { "docker---rules/docker", "docker.io", "docker---rules/docker", NULL, NULL,
    "docker.io/docker---rules/docker:latest", "docker---rules/docker" },
  { "ab_c-d/e.f", "docker.io", "ab_c-d/e.f", NULL, NULL,
    "docker.io/ab_c-d/e.f:latest", "ab_c-d/e.f" },
  { "ubuntu-12.04-base", "docker.io", "library/ubuntu-12.04-base", NULL, NULL,
    "docker.io/library/ubuntu-12.04-base:latest", "ubuntu-12.04-base" },
  { "d/t", "docker.io", "d/t", NULL, NULL, "docker.io/d/t:latest", "d/t" },
  /* "x:5000" is a tag, "host:5000/x" a port */
  { "x:5000", "docker.io", "library/x", "5000", NULL,
    "docker.io/library/x:5000", "x:5000" },
  { "localhost:5000", "docker.io", "library/localhost", "5000", NULL,
    "docker.io/library/localhost:5000", "localhost:5000" },
  { "host:5000/x", "host:5000", "x", NULL, NULL, "host:5000/x:latest", "host:5000/x" },
  { "192.168.0.1", "docker.io", "library/192.168.0.1", NULL, NULL,
    "docker.io/library/192.168.0.1:latest", "192.168.0.1" },
  { "192.168.0.1:80", "docker.io", "library/192.168.0.1", "80", NULL,
    "docker.io/library/192.168.0.1:80", "192.168.0.1:80" },
  { "docker.io", "docker.io", "library/docker.io", NULL, NULL,
    "docker.io/library/docker.io:latest", "docker.io" },
  /* localhost and other registries */
  { "localhost/app", "localhost", "app", NULL, NULL, "localhost/app:latest", "localhost/app" },
  { "localhost:5000/app:dev", "localhost:5000", "app", "dev", NULL,
    "localhost:5000/app:dev", "localhost:5000/app:dev" },
  { "localhost:5000/a/b:tag@" D256, "localhost:5000", "a/b", "tag", D256,
    "localhost:5000/a/b@" D256, "localhost:5000/a/b:tag@" D256 },
  { "LOCALHOST:5000/x", "LOCALHOST:5000", "x", NULL, NULL,
    "LOCALHOST:5000/x:latest", "LOCALHOST:5000/x" },
  { "127.0.0.1:5000/docker/docker", "127.0.0.1:5000", "docker/docker", NULL, NULL,
    "127.0.0.1:5000/docker/docker:latest", "127.0.0.1:5000/docker/docker" },
  { "example.com/privatebase", "example.com", "privatebase", NULL, NULL,
    "example.com/privatebase:latest", "example.com/privatebase" },
  { "example.com:8000/private/moonbase:1", "example.com:8000", "private/moonbase", "1", NULL,
    "example.com:8000/private/moonbase:1", "example.com:8000/private/moonbase:1" },
  { "ghcr.io/owner/repo/sub:v1.2.3", "ghcr.io", "owner/repo/sub", "v1.2.3", NULL,
    "ghcr.io/owner/repo/sub:v1.2.3", "ghcr.io/owner/repo/sub:v1.2.3" },
  { "xn--n3h.com:18080/foo", "xn--n3h.com:18080", "foo", NULL, NULL,
    "xn--n3h.com:18080/foo:latest", "xn--n3h.com:18080/foo" },
  { "test-com:8080/foo", "test-com:8080", "foo", NULL, NULL,
    "test-com:8080/foo:latest", "test-com:8080/foo" },
  { "a-b.example/c", "a-b.example", "c", NULL, NULL, "a-b.example/c:latest", "a-b.example/c" },
  /* a registry named like Docker Hub but with a port is another registry */
  { "docker.io:443/x", "docker.io:443", "x", NULL, NULL,
    "docker.io:443/x:latest", "docker.io:443/x" },
  /* a first component with uppercase letters is taken as a domain */
  { "Alice/app", "Alice", "app", NULL, NULL, "Alice/app:latest", "Alice/app" },
  { "DOCKER/docker", "DOCKER", "docker", NULL, NULL, "DOCKER/docker:latest", "DOCKER/docker" },
  /* IPv6 */
  { "[::1]:5000/x", "[::1]:5000", "x", NULL, NULL, "[::1]:5000/x:latest", "[::1]:5000/x" },
  { "[fc00::1]/docker", "[fc00::1]", "docker", NULL, NULL,
    "[fc00::1]/docker:latest", "[fc00::1]/docker" },
  { "[fc00:1:2:3:4:5:6:7]:5000/library/debian:12", "[fc00:1:2:3:4:5:6:7]:5000",
    "library/debian", "12", NULL, "[fc00:1:2:3:4:5:6:7]:5000/library/debian:12",
    "[fc00:1:2:3:4:5:6:7]:5000/library/debian:12" },
  { "[FC00::ABCD]:80/a", "[FC00::ABCD]:80", "a", NULL, NULL,
    "[FC00::ABCD]:80/a:latest", "[FC00::ABCD]:80/a" },
  /* tags */
  { "app:V1_RC-2.x", "docker.io", "library/app", "V1_RC-2.x", NULL,
    "docker.io/library/app:V1_RC-2.x", "app:V1_RC-2.x" },
  { "app:_private", "docker.io", "library/app", "_private", NULL,
    "docker.io/library/app:_private", "app:_private" },
  { "app:1", "docker.io", "library/app", "1", NULL, "docker.io/library/app:1", "app:1" },
  /* digests: the digest wins over the tag in the full form */
  { "redis@" D256, "docker.io", "library/redis", NULL, D256,
    "docker.io/library/redis@" D256, "redis@" D256 },
  { "busybox:latest@" D256, "docker.io", "library/busybox", "latest", D256,
    "docker.io/library/busybox@" D256, "busybox:latest@" D256 },
  { "docker.io/dmcgowan/myapp@" D256, "docker.io", "dmcgowan/myapp", NULL, D256,
    "docker.io/dmcgowan/myapp@" D256, "dmcgowan/myapp@" D256 },
  { "r.example/a@sha384:" HEX96, "r.example", "a", NULL, "sha384:" HEX96,
    "r.example/a@sha384:" HEX96, "r.example/a@sha384:" HEX96 },
  { "a@sha512:" HEX128, "docker.io", "library/a", NULL, "sha512:" HEX128,
    "docker.io/library/a@sha512:" HEX128, "a@sha512:" HEX128 },
  /* 64 hex is only an image ID when it is the whole text */
  { "docker.io/" HEX64, "docker.io", "library/" HEX64, NULL, NULL,
    "docker.io/library/" HEX64 ":latest", "library/" HEX64 },
  { HEX64 ":v1", "docker.io", "library/" HEX64, "v1", NULL,
    "docker.io/library/" HEX64 ":v1", HEX64 ":v1" },
  { "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcde",
    "docker.io", "library/0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcde",
    NULL, NULL,
    "docker.io/library/0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcde:latest",
    "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcde" },
  { "thisisthesongthatneverendsitgoesonandonandonthisisthesongthatnev", "docker.io",
    "library/thisisthesongthatneverendsitgoesonandonandonthisisthesongthatnev", NULL, NULL,
    "docker.io/library/thisisthesongthatneverendsitgoesonandonandonthisisthesongthatnev:latest",
    "thisisthesongthatneverendsitgoesonandonandonthisisthesongthatnev" },
};

static const InvalidCase invalid_cases[] = {
  { "", "empty" },
  { HEX64, "looks like an image ID" },
  /* case */
  { "MyApp", "Repository names must be lowercase: “MyApp” has uppercase letters" },
  { "docker/Docker", "“docker/Docker” has uppercase letters" },
  { "docker.io/docker/Docker", "must be lowercase" },
  { "Alice/App", "“App” has uppercase letters" },
  { "localhost:5000/MyApp:1.0", "“MyApp” has uppercase letters" },
  /* empty components and separators */
  { "a//b", "Empty path component in “a//b”" },
  { "docker///docker", "Empty path component" },
  { "/nginx", "Empty path component in “/nginx”" },
  { "alice/", "Empty path component in “alice/”" },
  { "-docker", "must start and end with a lowercase letter or digit" },
  { "docker-/docker", "“docker-” in “docker-/docker” must start and end" },
  { "_docker/_docker", "must start and end" },
  { "____/____", "must start and end" },
  { "alice/dock..er", "separator “..”" },
  { "alice/dock_.er", "separator “_.”" },
  { "alice/dock-.er", "separator “-.”" },
  /* with a "." the first component is a host, with host rules */
  { "dock..er/docker", "empty part between dots" },
  { "dock_.er/docker", "not “_”" },
  { "dock-.er/docker", "“dock-” may not start or end with “-”" },
  { "a___b", "separator “___”" },
  { "alice/my+app", "contains “+”" },
  /* domains */
  { "localhost/", "has a registry but no repository name" },
  { "docker.io/", "no repository name" },
  { "-docker.io/docker/docker", "may not start or end with “-”" },
  { "https://github.com/docker/docker", "is a URL, not an image reference: leave out the “https://”" },
  { "https:/x", "a port number must follow the “:”" },
  { "host:port/x", "the port “port” must be a number" },
  { "nginx:1.0/x", "the port “1.0” must be a number" },
  { "a..b/c", "empty part between dots" },
  { "a_b.example/c", "not “_”" },
  /* a "." in the first component makes it a host, so "_" is refused there */
  { "a.b_c-d/e", "is not a valid registry address" },
  { "fc00::1:5000/debian", "square brackets" },
  { "[fc00::1]", "Repository names may only contain" },
  { "[fc00::1]:5000", "Repository names may only contain" },
  { "[fe80::1%eth0]:5000/debian", "zone identifiers" },
  { "[2001:db8:3:4::192.0.2.33]:5000/debian", "hexadecimal digits and “:”" },
  { "[::1/x", "no closing “]”" },
  { "[]:5000/x", "is empty" },
  { "[::1]x/y", "only “:port” may follow" },
  /* tags */
  { "nginx:", "ends with “:”" },
  { "nginx:@" D256, "The tag after “:”" },
  { "nginx:-dev", "must start with a letter, a digit or “_”" },
  { "nginx:.hidden", "must start with a letter" },
  { "nginx:a:b", "contains “:”" },
  { "nginx:a+b", "contains “+”" },
  { ":latest", "has no repository name" },
  /* digests */
  { "nginx@", "ends with “@”" },
  { "nginx@sha256:abc", "“sha256:abc” is not a valid digest: a sha256 digest has 64" },
  { "nginx@sha256:" HEX64 "0", "has 65" },
  { "nginx@sha256:" "0123456789ABCDEF0123456789abcdef0123456789abcdef0123456789abcdef",
    "lowercase" },
  { "nginx@md5:0123456789abcdef0123456789abcdef", "“md5” is not supported" },
  { "nginx@" HEX64, "is not a valid digest: a digest looks like “sha256:”" },
  { "nginx@:" HEX64, "the algorithm before “:” is missing" },
  { "nginx@sha256:" HEX64 "@x", "valid digest" },
  { "nginx:1.0@sha256:xyz", "is not a valid digest" },
  /* white space, control characters, unicode */
  { " nginx", "starts or ends with white space" },
  { "nginx ", "starts or ends with white space" },
  { "alice/my app", "contains white space" },
  { "nginx\t:1", "contains white space" },
  { "nginx\n", "white space" },
  /* a no-break space pasted from a web page */
  { "nginx:1.0\u00a0", "starts or ends with white space" },
  { "ngi\x01nx", "control character" },
  { "café", "contains “é”" },
  { "alice/app:versión", "contains “ó”" },
  { "docker.io/ünïcode", "contains “ü”" },
  { "nginx\xff", "not valid UTF-8" },
};

/* Issue #11 item 5: the familiar form is used as a real `docker tag`
 * target, so it must parse back to the same reference. */
typedef struct
{
  const char *input;
  const char *familiar;
} FamiliarCase;

static const FamiliarCase familiar_cases[] = {
  /* Dropping docker.io/ would name another registry. */
  { "docker.io/evil.example.com/app:1", "docker.io/evil.example.com/app:1" },
  { "index.docker.io/a.b/c", "docker.io/a.b/c" },
  /* … or would not parse. */
  { "docker.io/a_b.c/d", "docker.io/a_b.c/d" },
  /* An image id is no name: keep library/. */
  { "docker.io/" HEX64, "library/" HEX64 },
  /* With a tag it is a name again (Docker accepts `<64 hex>:1`). */
  { "docker.io/library/" HEX64 ":1", HEX64 ":1" },
  /* Still as short as Docker's own where that is safe. */
  { "docker.io/library/alpine:3.20", "alpine:3.20" },
  { "docker.io/alice/app:1.0", "alice/app:1.0" },
  { "docker.io/alice/app@" D256, "alice/app@" D256 },
  { "docker.io/a_b/c", "a_b/c" },
  { "docker.io/library/a/b", "library/a/b" },
  { "localhost:5000/x", "localhost:5000/x" },
  { "127.0.0.1:5000/x/y:z", "127.0.0.1:5000/x/y:z" },
};

static void
assert_round_trip (DhReference *ref,
                   const char  *familiar)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DhReference) back = dh_reference_parse (familiar, &error);

  g_assert_no_error (error);
  g_assert_nonnull (back);
  g_assert_cmpstr (dh_reference_get_domain (back), ==, dh_reference_get_domain (ref));
  g_assert_cmpstr (dh_reference_get_path (back), ==, dh_reference_get_path (ref));
  g_assert_cmpstr (dh_reference_get_tag (back), ==, dh_reference_get_tag (ref));
  g_assert_cmpstr (dh_reference_get_digest (back), ==, dh_reference_get_digest (ref));
}

static void
test_reference_familiar_round_trip (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (familiar_cases); i++)
    {
      const FamiliarCase *c = &familiar_cases[i];
      g_autoptr(GError) error = NULL;
      g_autoptr(DhReference) ref = dh_reference_parse (c->input, &error);
      g_autofree char *familiar = NULL;

      g_test_message ("familiar: “%s”", c->input);
      g_assert_no_error (error);

      familiar = dh_reference_to_familiar_string (ref);
      g_assert_cmpstr (familiar, ==, c->familiar);
      assert_round_trip (ref, familiar);
    }

  /* The property over every valid case of the table above. */
  for (guint i = 0; i < G_N_ELEMENTS (valid_cases); i++)
    {
      g_autoptr(DhReference) ref = dh_reference_parse (valid_cases[i].input, NULL);
      g_autofree char *familiar = dh_reference_to_familiar_string (ref);

      assert_round_trip (ref, familiar);
    }
}

static void
test_reference_valid (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (valid_cases); i++)
    {
      const ValidCase *c = &valid_cases[i];
      g_autoptr(GError) error = NULL;
      g_autoptr(DhReference) ref = NULL;
      g_autofree char *full = NULL;
      g_autofree char *familiar = NULL;

      g_test_message ("valid: “%s”", c->input);

      ref = dh_reference_parse (c->input, &error);
      g_assert_no_error (error);
      g_assert_nonnull (ref);

      g_assert_cmpstr (dh_reference_get_domain (ref), ==, c->domain);
      g_assert_cmpstr (dh_reference_get_path (ref), ==, c->path);
      g_assert_cmpstr (dh_reference_get_tag (ref), ==, c->tag);
      g_assert_cmpstr (dh_reference_get_digest (ref), ==, c->digest);

      full = dh_reference_to_string (ref);
      g_assert_cmpstr (full, ==, c->full);
      familiar = dh_reference_to_familiar_string (ref);
      g_assert_cmpstr (familiar, ==, c->familiar);
    }
}

static void
test_reference_invalid (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (invalid_cases); i++)
    {
      const InvalidCase *c = &invalid_cases[i];
      g_autoptr(GError) error = NULL;
      g_autoptr(DhReference) ref = NULL;

      g_test_message ("invalid: “%s”", c->input);

      ref = dh_reference_parse (c->input, &error);
      g_assert_null (ref);
      g_assert_error (error, DH_ERROR, DH_ERROR_INVALID_REFERENCE);
      g_assert_true (g_utf8_validate (error->message, -1, NULL));
      if (strstr (error->message, c->phrase) == NULL)
        g_error ("message for “%s” is “%s”, expected it to contain “%s”",
                 c->input, error->message, c->phrase);
    }
}

static void
expect_valid_path (const char *input,
                   const char *domain,
                   const char *path)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DhReference) ref = dh_reference_parse (input, &error);

  g_assert_no_error (error);
  g_assert_nonnull (ref);
  g_assert_cmpstr (dh_reference_get_domain (ref), ==, domain);
  g_assert_cmpstr (dh_reference_get_path (ref), ==, path);
}

static void
expect_invalid (const char *input,
                const char *phrase)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DhReference) ref = dh_reference_parse (input, &error);

  g_assert_null (ref);
  g_assert_error (error, DH_ERROR, DH_ERROR_INVALID_REFERENCE);
  if (strstr (error->message, phrase) == NULL)
    g_error ("message is “%s”, expected it to contain “%s”", error->message, phrase);
}

static void
test_reference_lengths (void)
{
  g_autofree char *a247 = g_strnfill (247, 'a');
  g_autofree char *a248 = g_strnfill (248, 'a');
  g_autofree char *a255 = g_strnfill (255, 'a');
  g_autofree char *a256 = g_strnfill (256, 'a');
  g_autofree char *t128 = g_strnfill (128, 't');
  g_autofree char *t129 = g_strnfill (129, 't');
  g_autofree char *input = NULL;
  g_autofree char *path = NULL;
  g_autoptr(DhReference) ref = NULL;
  g_autoptr(GError) error = NULL;

  /* The 255 limit is on the normalised path: "library/" counts. */
  path = g_strconcat ("library/", a247, NULL);
  expect_valid_path (a247, "docker.io", path);
  expect_invalid (a248, "Repository name is longer than 255 characters");

  /* …but the domain does not. */
  input = g_strconcat ("registry.example.com:5000/", a255, NULL);
  expect_valid_path (input, "registry.example.com:5000", a255);
  g_clear_pointer (&input, g_free);
  input = g_strconcat ("registry.example.com:5000/", a256, NULL);
  expect_invalid (input, "Repository name is longer than 255 characters");
  g_clear_pointer (&input, g_free);

  /* Tags have 1 to 128 characters. */
  input = g_strconcat ("alice/app:", t128, NULL);
  ref = dh_reference_parse (input, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (dh_reference_get_tag (ref), ==, t128);
  g_clear_pointer (&input, g_free);
  input = g_strconcat ("alice/app:", t129, NULL);
  expect_invalid (input, "Tags can be at most 128 characters");
}

static void
test_reference_refcount (void)
{
  g_autoptr(GError) error = NULL;
  DhReference *ref = dh_reference_parse ("alice/app:1.0", &error);
  DhReference *second;
  GValue value = G_VALUE_INIT;

  g_assert_no_error (error);
  second = dh_reference_ref (ref);
  g_assert_true (second == ref);
  dh_reference_unref (ref);
  g_assert_cmpstr (dh_reference_get_path (second), ==, "alice/app");

  /* The boxed type copies by reference. */
  g_value_init (&value, DH_TYPE_REFERENCE);
  g_value_set_boxed (&value, second);
  g_assert_true (g_value_get_boxed (&value) == second);
  g_value_unset (&value);
  dh_reference_unref (second);
}

/* Two badge lines for the same image name on one registry read apart. */
static void
test_reference_registry_namespace_text (void)
{
  static const struct { const char *text; const char *where; } cases[] = {
    { "127.0.0.1:35951/alice/app:1", "alice on 127.0.0.1:35951" },
    { "127.0.0.1:35951/bob/app:1", "bob on 127.0.0.1:35951" },
    { "alice/app", "alice on Docker Hub" },
    { "docker.io/alice/app:2", "alice on Docker Hub" },
    { "index.docker.io/alice/app", "alice on Docker Hub" },
    { "alpine:3.20", "Docker Hub official images" },
    { "registry.example.com:5000/team/backend/api:1", "team/backend on registry.example.com:5000" },
    { "localhost:5000/app", "localhost:5000" },
    { "ghcr.io/alice/app@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef",
      "alice on ghcr.io" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(DhReference) reference = dh_reference_parse (cases[i].text, &error);
      g_autofree char *where = NULL;

      g_assert_no_error (error);
      where = dh_reference_dup_registry_namespace_text (reference);
      g_assert_cmpstr (where, ==, cases[i].where);
    }
}

/* The practice registry's images cannot be shared: nobody else reaches
 * a registry on this computer. */
static void
test_on_this_computer (void)
{
  static const struct { const char *text; gboolean local; } cases[] = {
    { "127.0.0.1:5000/alice/app:1.0", TRUE }, { "localhost:5000/app", TRUE },
    { "localhost/app", TRUE }, { "[::1]:5000/app:1", TRUE }, { "127.1.2.3/x", TRUE },
    { "alpine", FALSE }, { "alice/app:1.0", FALSE }, { "docker.io/alice/app", FALSE },
    { "registry.example.com:5000/alice/app", FALSE }, { "10.0.0.1:5000/app", FALSE },
    { "localhost.example.com/app", FALSE }, { "[::2]:5000/app", FALSE },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(DhReference) reference = dh_reference_parse (cases[i].text, &error);

      g_test_message ("%s", cases[i].text);
      g_assert_no_error (error);
      g_assert_cmpint (dh_reference_is_on_this_computer (reference), ==, cases[i].local);
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/Dockhand/Reference/valid", test_reference_valid);
  g_test_add_func ("/Dockhand/Reference/invalid", test_reference_invalid);
  g_test_add_func ("/Dockhand/Reference/familiar-round-trip", test_reference_familiar_round_trip);
  g_test_add_func ("/Dockhand/Reference/lengths", test_reference_lengths);
  g_test_add_func ("/Dockhand/Reference/refcount", test_reference_refcount);
  g_test_add_func ("/Dockhand/Reference/registry-namespace-text", test_reference_registry_namespace_text);

  g_test_add_func ("/Dockhand/Reference/on-this-computer", test_on_this_computer);

  return g_test_run ();
}
