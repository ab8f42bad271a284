/* test-engine-unit.c
 *
 * Copyright 2026 The Dockhand Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include <gio/gunixsocketaddress.h>
#include <glib/gstdio.h>

#include "dh-engine.h"
#include "dh-engine-private.h"
#include "dh-error.h"
#include "dh-image.h"
#include "dh-image-list.h"
#include "dh-test-util.h"

#define DIGEST "sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"
#define ID     "sha256:fedcba9876543210fedcba9876543210fedcba9876543210fedcba9876543210"

static JsonObject *
parse_object (const char *json)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  JsonNode *root;

  json_parser_load_from_data (parser, json, -1, &error);
  g_assert_no_error (error);
  root = json_parser_get_root (parser);
  g_assert_true (JSON_NODE_HOLDS_OBJECT (root));

  return json_object_ref (json_node_get_object (root));
}

static DhImage *
image_from (const char  *json,
            GError     **error)
{
  g_autoptr(JsonObject) object = parse_object (json);

  return dh_image_new_from_json (object, error);
}

static void
assert_strv (const char * const *actual,
             const char * const *expected)
{
  g_autofree char *a = g_strjoinv (", ", (char **)actual);
  g_autofree char *e = g_strjoinv (", ", (char **)expected);

  g_assert_cmpstr (a, ==, e);
}

static void
test_image_docker (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DhImage) image = NULL;
  const char *tags[] = { "alice/app:1.0", "alice/app:latest", NULL };
  const char *digests[] = { "alice/app@" DIGEST, NULL };

  image = image_from ("{\"Id\":\"" ID "\",\"ParentId\":\"\","
                      "\"RepoTags\":[\"alice/app:1.0\",\"alice/app:latest\"],"
                      "\"RepoDigests\":[\"alice/app@" DIGEST "\"],"
                      "\"Created\":1700000000,\"Size\":12345678,\"SharedSize\":-1,"
                      "\"VirtualSize\":12345678,\"Labels\":{\"a\":\"1\",\"b\":\"two\"},"
                      "\"Containers\":-1}", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (dh_image_get_id (image), ==, ID);
  g_assert_cmpstr (dh_image_get_short_id (image), ==, "fedcba987654");
  assert_strv (dh_image_get_tags (image), tags);
  assert_strv (dh_image_get_digests (image), digests);
  g_assert_cmpint (dh_image_get_created (image), ==, 1700000000);
  g_assert_cmpint (dh_image_get_size (image), ==, 12345678);
  g_assert_cmpuint (g_hash_table_size (dh_image_get_labels (image)), ==, 2);
  g_assert_cmpstr (g_hash_table_lookup (dh_image_get_labels (image), "b"), ==, "two");
  g_assert_false (dh_image_is_dangling (image));
  g_assert_true (dh_image_has_tag (image, "alice/app:1.0"));
  g_assert_true (dh_image_has_tag (image, "alice/app"));
  g_assert_true (dh_image_has_tag (image, "docker.io/alice/app:latest"));
  g_assert_true (dh_image_has_tag (image, "index.docker.io/alice/app:1.0"));
  g_assert_false (dh_image_has_tag (image, "alice/app:2.0"));
  g_assert_false (dh_image_has_tag (image, "bob/app:1.0"));
  g_assert_false (dh_image_has_tag (image, "Not A Reference"));
}

/* Podman lists fully qualified names, and digests among the tags. */
static void
test_image_podman_names (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DhImage) image = NULL;
  const char *tags[] = { "alpine:latest", "localhost/foo:1", "quay.io/x/y:2", "alice/app:1.0",
                         "localhost:5000/team/app:3", NULL };
  const char *digests[] = { "alpine@" DIGEST, "quay.io/x/y@" DIGEST, NULL };

  image = image_from ("{\"Id\":\"" ID "\","
                      "\"RepoTags\":[\"docker.io/library/alpine:latest\",\"localhost/foo:1\","
                      "\"quay.io/x/y:2\",\"docker.io/alice/app:1.0\",\"localhost:5000/team/app:3\","
                      "\"docker.io/library/alpine@" DIGEST "\",\"docker.io/library/alpine:latest\"],"
                      "\"RepoDigests\":[\"docker.io/library/alpine@" DIGEST "\","
                      "\"quay.io/x/y@" DIGEST "\"],"
                      "\"Created\":1700000001,\"Size\":5,\"Labels\":null,\"Names\":[]}", &error);
  g_assert_no_error (error);
  assert_strv (dh_image_get_tags (image), tags);
  assert_strv (dh_image_get_digests (image), digests);
  g_assert_true (dh_image_has_tag (image, "alpine"));
  g_assert_true (dh_image_has_tag (image, "docker.io/library/alpine:latest"));
  g_assert_true (dh_image_has_tag (image, "localhost/foo:1"));
  g_assert_cmpuint (g_hash_table_size (dh_image_get_labels (image)), ==, 0);
}

static void
test_image_none (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DhImage) image = NULL;

  image = image_from ("{\"Id\":\"" ID "\",\"RepoTags\":[\"<none>:<none>\"],"
                      "\"RepoDigests\":[\"<none>@<none>\"],\"Created\":1,\"Size\":0}", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_strv_length ((char **)dh_image_get_tags (image)), ==, 0);
  g_assert_cmpuint (g_strv_length ((char **)dh_image_get_digests (image)), ==, 0);
  g_assert_true (dh_image_is_dangling (image));
  g_assert_false (dh_image_has_tag (image, "<none>:<none>"));
}

static void
test_image_minimal (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DhImage) image = NULL;

  image = image_from ("{\"Id\":\"abc\"}", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (dh_image_get_id (image), ==, "abc");
  g_assert_cmpstr (dh_image_get_short_id (image), ==, "abc");
  g_assert_nonnull (dh_image_get_tags (image));
  g_assert_null (dh_image_get_tags (image)[0]);
  g_assert_nonnull (dh_image_get_digests (image));
  g_assert_cmpint (dh_image_get_size (image), ==, 0);
  g_assert_cmpint (dh_image_get_created (image), ==, 0);
  g_assert_nonnull (dh_image_get_labels (image));
  g_assert_true (dh_image_is_dangling (image));
}

static void
test_image_wrong_types (void)
{
  const char *cases[] = {
    "{\"Id\":\"" ID "\",\"RepoTags\":\"alpine:latest\",\"RepoDigests\":{},\"Created\":\"yesterday\","
      "\"Size\":[1],\"Labels\":[\"a\",\"b\"]}",
    "{\"Id\":\"" ID "\",\"RepoTags\":[1,null,{},[\"x\"],true,\"ok:1\"],\"RepoDigests\":[null],"
      "\"Created\":null,\"Size\":null,\"Labels\":{\"n\":1,\"s\":\"v\",\"o\":{}}}",
    "{\"Id\":\"" ID "\",\"RepoTags\":[\"Not A Valid Name\",\"\"],\"Created\":1.7e9,\"Size\":1e300}",
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(DhImage) image = image_from (cases[i], &error);

      g_assert_no_error (error);
      g_assert_nonnull (image);
      g_assert_cmpstr (dh_image_get_id (image), ==, ID);
      g_assert_nonnull (dh_image_get_tags (image));
      g_assert_nonnull (dh_image_get_digests (image));
      g_assert_nonnull (dh_image_get_labels (image));
      g_assert_cmpint (dh_image_get_size (image), >=, 0);

      if (i == 1)
        {
          const char *tags[] = { "ok:1", NULL };

          assert_strv (dh_image_get_tags (image), tags);
          g_assert_cmpuint (g_hash_table_size (dh_image_get_labels (image)), ==, 1);
          g_assert_cmpint (dh_image_get_created (image), ==, 0);
        }
      if (i == 2)
        {
          /* Kept as the engine wrote it rather than lost. */
          const char *tags[] = { "Not A Valid Name", NULL };

          assert_strv (dh_image_get_tags (image), tags);
          g_assert_cmpint (dh_image_get_created (image), ==, 1700000000);
          g_assert_cmpint (dh_image_get_size (image), ==, 0);
        }
    }
}

static void
test_image_no_id (void)
{
  const char *cases[] = { "{}", "{\"Id\":42}", "{\"Id\":\"\"}", "{\"Id\":null,\"RepoTags\":[\"a:1\"]}" };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(DhImage) image = image_from (cases[i], &error);

      g_assert_null (image);
      g_assert_error (error, DH_ERROR, DH_ERROR_PROTOCOL);
    }
}

static void
notify_count_cb (GObject    *object,
                 GParamSpec *pspec,
                 guint      *count)
{
  (*count)++;
}

static void
test_image_update (void)
{
  g_autoptr(DhImage) a = image_from ("{\"Id\":\"" ID "\",\"RepoTags\":[\"x:1\"],\"Created\":5,\"Size\":1}", NULL);
  g_autoptr(DhImage) b = image_from ("{\"Id\":\"" ID "\",\"RepoTags\":[\"x:1\",\"y:2\"],\"Created\":5,\"Size\":1}", NULL);
  g_autoptr(DhImage) c = image_from ("{\"Id\":\"" ID "\",\"RepoTags\":[\"x:1\",\"y:2\"],\"Created\":5,\"Size\":1}", NULL);
  g_autoptr(DhImage) newer = image_from ("{\"Id\":\"sha256:00\",\"Created\":6}", NULL);
  g_autoptr(DhImage) same_time = image_from ("{\"Id\":\"sha256:ff\",\"Created\":5}", NULL);
  guint tags_notified = 0;
  guint size_notified = 0;

  g_assert_false (dh_image_equal (a, b));
  g_assert_true (dh_image_equal (b, c));

  g_signal_connect (a, "notify::tags", G_CALLBACK (notify_count_cb), &tags_notified);
  g_signal_connect (a, "notify::size", G_CALLBACK (notify_count_cb), &size_notified);
  dh_image_update_from (a, b);
  g_assert_true (dh_image_equal (a, b));
  g_assert_cmpuint (tags_notified, ==, 1);
  g_assert_cmpuint (size_notified, ==, 0);
  dh_image_update_from (a, c);
  g_assert_cmpuint (tags_notified, ==, 1);

  /* Newest first, then by id. */
  g_assert_cmpint (dh_image_compare (newer, a), <, 0);
  g_assert_cmpint (dh_image_compare (a, newer), >, 0);
  g_assert_cmpint (dh_image_compare (a, same_time), <, 0);
  g_assert_cmpint (dh_image_compare (a, c), ==, 0);
}

static void
test_details (void)
{
  g_autoptr(JsonObject) object = NULL;
  g_autoptr(DhImageDetails) details = NULL;
  g_autoptr(DhImageDetails) copy = NULL;
  g_autoptr(GError) error = NULL;
  const char *cmd[] = { "/bin/sh", "-c", "echo hi", NULL };
  const char *entrypoint[] = { "/entry", NULL };
  const char *ports[] = { "443/tcp", "80/tcp", NULL };
  const char *tags[] = { "alpine:3", NULL };

  object = parse_object ("{\"Id\":\"" ID "\",\"RepoTags\":[\"docker.io/library/alpine:3\"],"
                         "\"RepoDigests\":[],\"Created\":\"2024-01-02T03:04:05.123456789Z\","
                         "\"Architecture\":\"amd64\",\"Os\":\"linux\",\"Size\":99,"
                         "\"Config\":{\"Cmd\":[\"/bin/sh\",\"-c\",\"echo hi\"],\"Entrypoint\":\"/entry\","
                         "\"Env\":[\"PATH=/bin\"],\"WorkingDir\":\"/w\",\"User\":\"1000\","
                         "\"ExposedPorts\":{\"80/tcp\":{},\"443/tcp\":{}},\"Labels\":{\"k\":\"v\"}},"
                         "\"RootFS\":{\"Type\":\"layers\",\"Layers\":[\"sha256:a\",\"sha256:b\",\"sha256:c\"]}}");
  details = dh_image_details_new_from_json (object, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (details->id, ==, ID);
  assert_strv ((const char * const *)details->repo_tags, tags);
  g_assert_cmpstr (details->created, ==, "2024-01-02T03:04:05.123456789Z");
  g_assert_cmpstr (details->architecture, ==, "amd64");
  g_assert_cmpstr (details->os, ==, "linux");
  g_assert_cmpint (details->size, ==, 99);
  assert_strv ((const char * const *)details->cmd, cmd);
  assert_strv ((const char * const *)details->entrypoint, entrypoint);
  assert_strv ((const char * const *)details->exposed_ports, ports);
  g_assert_cmpstr (details->working_dir, ==, "/w");
  g_assert_cmpstr (g_hash_table_lookup (details->labels, "k"), ==, "v");
  g_assert_cmpuint (g_strv_length (details->layers), ==, 3);

  copy = g_boxed_copy (DH_TYPE_IMAGE_DETAILS, details);
  g_assert_cmpstr (copy->layers[2], ==, "sha256:c");
  g_assert_cmpstr (g_hash_table_lookup (copy->labels, "k"), ==, "v");
}

static void
test_details_sparse (void)
{
  g_autoptr(JsonObject) object = NULL;
  g_autoptr(JsonObject) no_id = NULL;
  g_autoptr(DhImageDetails) details = NULL;
  g_autoptr(GError) error = NULL;

  object = parse_object ("{\"Id\":\"" ID "\",\"Config\":{\"Cmd\":null,\"Entrypoint\":null,"
                         "\"Labels\":null,\"ExposedPorts\":[]},\"RootFS\":\"layers\",\"Os\":7}");
  details = dh_image_details_new_from_json (object, &error);
  g_assert_no_error (error);
  g_assert_null (details->cmd);
  g_assert_null (details->entrypoint);
  g_assert_null (details->exposed_ports);
  g_assert_null (details->os);
  g_assert_nonnull (details->labels);
  g_assert_nonnull (details->layers);
  g_assert_null (details->layers[0]);

  no_id = parse_object ("{\"Config\":{}}");
  g_assert_null (dh_image_details_new_from_json (no_id, &error));
  g_assert_error (error, DH_ERROR, DH_ERROR_PROTOCOL);
}

static void
test_history_entry (void)
{
  g_autoptr(JsonObject) object = NULL;
  g_autoptr(JsonObject) odd = NULL;
  g_autoptr(DhImageHistoryEntry) entry = NULL;
  g_autoptr(DhImageHistoryEntry) odd_entry = NULL;

  object = parse_object ("{\"Id\":\"<missing>\",\"Created\":1700000000,"
                         "\"CreatedBy\":\"/bin/sh -c #(nop) COPY file:abc in /\","
                         "\"Tags\":[\"docker.io/library/alpine:3\"],\"Size\":7,\"Comment\":\"\"}");
  entry = dh_image_history_entry_new_from_json (object);
  g_assert_cmpstr (entry->id, ==, "<missing>");
  g_assert_cmpint (entry->created, ==, 1700000000);
  g_assert_nonnull (strstr (entry->created_by, "COPY"));
  g_assert_cmpstr (entry->tags[0], ==, "alpine:3");
  g_assert_cmpint (entry->size, ==, 7);

  odd = parse_object ("{\"Tags\":null,\"Created\":\"x\",\"CreatedBy\":5}");
  odd_entry = dh_image_history_entry_new_from_json (odd);
  g_assert_null (odd_entry->id);
  g_assert_null (odd_entry->created_by);
  g_assert_nonnull (odd_entry->tags);
  g_assert_null (odd_entry->tags[0]);
}

/* The fast listing parser and the json-glib path agree. */
static GPtrArray *
summaries_the_slow_way (const char *json)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  GPtrArray *images = g_ptr_array_new_with_free_func (g_object_unref);
  JsonArray *array;

  g_assert_true (json_parser_load_from_data (parser, json, -1, NULL));
  array = json_node_get_array (json_parser_get_root (parser));
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonNode *node = json_array_get_element (array, i);
      DhImage *image;

      if (JSON_NODE_HOLDS_OBJECT (node) &&
          (image = dh_image_new_from_json (json_node_get_object (node), NULL)))
        g_ptr_array_add (images, image);
    }

  return images;
}

static void
test_parse_summaries (void)
{
  const char *cases[] = {
    "[]",
    " [ ] \n",
    /* Docker, with fields we skip of every JSON type. */
    "[{\"Containers\":-1,\"Created\":1700000000,\"Id\":\"" ID "\",\"Labels\":{\"a\":\"\\u00e9t\\u00e9 \\\"q\\\" \\\\ \\/\"},"
    "\"ParentId\":\"\",\"RepoDigests\":[\"alice/app@" DIGEST "\"],\"RepoTags\":[\"alice/app:1\",\"alice/app:latest\"],"
    "\"SharedSize\":-1,\"Size\":123,\"VirtualSize\":1.5e3,\"Manifests\":[{\"x\":[true,false,null,{\"y\":[]}],\"z\":0.25}]},"
    "{\"Id\":\"sha256:22\",\"RepoTags\":null,\"RepoDigests\":null,\"Labels\":null,\"Created\":1,\"Size\":0},"
    "{\"Id\":\"sha256:33\",\"RepoTags\":[\"<none>:<none>\"],\"RepoDigests\":[\"<none>@<none>\"],\"Created\":2,\"Size\":-0}]",
    /* Podman. */
    "[{\"Id\":\"" ID "\",\"RepoTags\":[\"docker.io/library/alpine:latest\",\"localhost/x:1\",\"docker.io/library/alpine@" DIGEST "\"],"
    "\"RepoDigests\":[\"docker.io/library/alpine@" DIGEST "\"],\"Created\":5,\"Size\":5,\"Labels\":{},\"Names\":[\"a\"],"
    "\"Digest\":\"" DIGEST "\",\"History\":[\"x\"],\"Dangling\":false}]",
    /* Shapes the scanner gives up on: the other path must take over. */
    "[{\"Id\":\"" ID "\",\"Created\":1.7e9,\"Size\":5}]",
    "[{\"Id\":\"" ID "\",\"Labels\":{\"n\":1,\"s\":\"v\"}}]",
    "[{\"Id\":\"" ID "\",\"RepoTags\":[null,\"a:1\",7]}]",
    "[{\"Id\":5},{\"Id\":\"sha256:44\"},7,\"x\",[1],null,{\"Id\":\"\"}]",
    "[{\"Id\":\"sha256:55\",\"Size\":99999999999999999999}]",
    "[{\"Id\":\"sha256:66\",\"Id\":\"sha256:77\",\"Created\":3,\"Created\":4}]",
    "[{\"Id\":\"sha256:\\ud83d\\ude00\",\"Created\":-5}]",
  };

  for (guint c = 0; c < G_N_ELEMENTS (cases); c++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GPtrArray) fast = dh_image_parse_summaries (cases[c], strlen (cases[c]), &error);
      g_autoptr(GPtrArray) slow = summaries_the_slow_way (cases[c]);

      g_test_message ("case %u", c);
      g_assert_no_error (error);
      g_assert_nonnull (fast);
      g_assert_cmpuint (fast->len, ==, slow->len);
      for (guint i = 0; i < fast->len; i++)
        g_assert_true (dh_image_equal (g_ptr_array_index (fast, i), g_ptr_array_index (slow, i)));
    }
}

static void
test_parse_summaries_details (void)
{
  const char *json = "[{\"Id\":\"" ID "\",\"RepoTags\":[\"docker.io/library/alpine:3\",\"localhost/x:1\"],"
                     "\"Labels\":{\"k\":\"caf\\u00e9\"},\"Created\":7,\"Size\":8}]";
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) images = dh_image_parse_summaries (json, strlen (json), &error);
  DhImage *image;
  const char *tags[] = { "alpine:3", "localhost/x:1", NULL };

  g_assert_no_error (error);
  g_assert_cmpuint (images->len, ==, 1);
  image = g_ptr_array_index (images, 0);
  assert_strv (dh_image_get_tags (image), tags);
  g_assert_cmpstr (g_hash_table_lookup (dh_image_get_labels (image), "k"), ==, "café");
  g_assert_cmpint (dh_image_get_created (image), ==, 7);
  g_assert_cmpint (dh_image_get_size (image), ==, 8);
}

static void
test_parse_summaries_invalid (void)
{
  const char *cases[] = { "", "not json", "{}", "{\"Id\":\"x\"}", "[", "[{\"Id\":\"x\"}", "\"x\"", "[1,]",
                          "[{\"Id\":\"x\"}] trailing" };

  for (guint c = 0; c < G_N_ELEMENTS (cases); c++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GPtrArray) images = dh_image_parse_summaries (cases[c], strlen (cases[c]), &error);

      g_test_message ("case “%s”", cases[c]);
      g_assert_null (images);
      g_assert_error (error, DH_ERROR, DH_ERROR_PROTOCOL);
    }
}

/* Addresses, without contacting anything. */
static void
test_engine_addresses (void)
{
  const char *good[] = {
    "unix:///var/run/docker.sock",
    "tcp://127.0.0.1:2375",
    "tcp://localhost:2375",
    "tcp://[::1]:2375",
  };

  for (guint i = 0; i < G_N_ELEMENTS (good); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(DhEngine) engine = dh_engine_new_for_uri (good[i], &error);

      g_assert_no_error (error);
      g_assert_cmpstr (dh_engine_get_uri (engine), ==, good[i]);
      g_assert_cmpint (dh_engine_get_kind (engine), ==, DH_ENGINE_KIND_UNKNOWN);
      g_assert_false (dh_engine_is_connected (engine));
      g_assert_null (dh_engine_get_api_version (engine));
      g_assert_nonnull (_dh_engine_get_session (engine));
    }
}

static void
test_engine_remote_needs_tls (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DhEngine) plain = dh_engine_new_for_uri ("tcp://engine.example.com:2375", &error);
  g_autoptr(DhEngine) tls = NULL;
  g_autoptr(DhEngine) bad_ca = NULL;

  g_assert_null (plain);
  g_assert_error (error, DH_ERROR, DH_ERROR_INSECURE_TRANSPORT);
  g_assert_nonnull (strstr (error->message, "DOCKER_TLS_VERIFY"));
  g_clear_error (&error);

  /* TLS with the system CAs: fine, and credentials may be sent. */
  tls = dh_engine_new_for_uri_with_tls ("tcp://engine.example.com:2376", NULL, NULL, NULL, TRUE, &error);
  g_assert_no_error (error);
  g_assert_true (_dh_engine_check_credentials_allowed (tls, &error));
  g_assert_no_error (error);

  bad_ca = dh_engine_new_for_uri_with_tls ("tcp://engine.example.com:2376",
                                           "/nonexistent/ca.pem", NULL, NULL, TRUE, &error);
  g_assert_null (bad_ca);
  g_assert_error (error, DH_ERROR, DH_ERROR_INSECURE_TRANSPORT);
  g_assert_nonnull (strstr (error->message, "/nonexistent/ca.pem"));
}

static void
test_engine_unix_credentials (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DhEngine) engine = dh_engine_new_for_uri ("unix:///run/docker.sock", &error);

  g_assert_no_error (error);
  g_assert_true (_dh_engine_check_credentials_allowed (engine, &error));
  g_assert_no_error (error);
}

/* An ssh:// engine whose ssh fails: the error says what ssh said. */
static void
test_ssh_fails (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DhEngine) engine = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *script = NULL;

  dir = g_dir_make_tmp ("dh-engine-ssh-XXXXXX", &error);
  g_assert_no_error (error);
  script = g_build_filename (dir, "failing-ssh", NULL);
  g_file_set_contents (script,
                       "#!/bin/sh\n"
                       "echo 'alice@engine.example: Permission denied (publickey).' >&2\n"
                       "exit 255\n", -1, &error);
  g_assert_no_error (error);
  g_assert_cmpint (g_chmod (script, 0755), ==, 0);
  g_setenv ("DH_SSH_COMMAND", script, TRUE);

  engine = dh_engine_new_for_uri ("ssh://alice@engine.example", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (dh_engine_get_uri (engine), ==, "ssh://alice@engine.example");

  {
    g_autoptr(GAsyncResult) result = NULL;

    dh_engine_connect_async (engine, NULL, dh_test_store_result_cb, &result);
    dh_test_wait_result (&result, 20000);
    g_assert_false (dh_engine_connect_finish (engine, result, &error));
  }
  g_test_message ("%s", error->message);
  g_assert_error (error, DH_ERROR, DH_ERROR_NO_ENGINE);
  g_assert_nonnull (strstr (error->message, "Permission denied (publickey)"));
  g_assert_nonnull (strstr (error->message, "ssh://alice@engine.example"));

  g_clear_object (&engine);
  g_unsetenv ("DH_SSH_COMMAND");
  g_unlink (script);
  g_rmdir (dir);
}

/* A fake engine on a unix socket: canned raw HTTP answers, so that
 * negotiation, error mapping and DhImageList's diffing can be checked
 * against exact inputs. Requests are served in worker threads. */

typedef struct
{
  GSocketService *service;
  char           *dir;
  char           *path;
  char           *uri;
  GMutex          lock;
  GHashTable     *routes;    /* "METHOD /path" → raw response */
  GPtrArray      *requests;  /* "METHOD /path?query" */
  const char     *api_version;
  gboolean        podman;
  gboolean        head_unsupported;
  guint           n_auth_headers;
  GString        *bodies;    /* every request body, concatenated */
} FakeEngine;

static char *
fake_ping (FakeEngine *fake,
           gboolean    head)
{
  GString *out = g_string_new (NULL);

  if (head && fake->head_unsupported)
    return g_strdup ("HTTP/1.1 405 Method Not Allowed\r\nContent-Length: 0\r\nConnection: close\r\n\r\n");

  g_string_append (out, "HTTP/1.1 200 OK\r\nConnection: close\r\nContent-Type: text/plain\r\n");
  if (fake->api_version != NULL)
    g_string_append_printf (out, "Api-Version: %s\r\n", fake->api_version);
  if (fake->podman)
    g_string_append (out, "Libpod-Api-Version: 5.0.0\r\n");
  g_string_append (out, head ? "Content-Length: 0\r\n\r\n" : "Content-Length: 2\r\n\r\nOK");

  return g_string_free (out, FALSE);
}

static gboolean
fake_run_cb (GThreadedSocketService *service,
             GSocketConnection      *connection,
             GObject                *source_object,
             FakeEngine             *fake)
{
  GInputStream *input = g_io_stream_get_input_stream (G_IO_STREAM (connection));
  GOutputStream *output = g_io_stream_get_output_stream (G_IO_STREAM (connection));
  g_autoptr(GDataInputStream) data = g_data_input_stream_new (input);
  g_autofree char *request_line = NULL;
  g_autofree char *answer = NULL;
  g_autofree char *key = NULL;
  g_auto(GStrv) parts = NULL;
  const char *canned;
  char *question;
  guint64 content_length = 0;

  g_filter_input_stream_set_close_base_stream (G_FILTER_INPUT_STREAM (data), FALSE);
  g_data_input_stream_set_newline_type (data, G_DATA_STREAM_NEWLINE_TYPE_CR_LF);

  if (!(request_line = g_data_input_stream_read_line (data, NULL, NULL, NULL)))
    return TRUE;

  for (;;)
    {
      g_autofree char *header = g_data_input_stream_read_line (data, NULL, NULL, NULL);

      if (header == NULL || *header == '\0')
        break;

      if (g_ascii_strncasecmp (header, "X-Registry-Auth:", 16) == 0)
        {
          g_mutex_lock (&fake->lock);
          fake->n_auth_headers++;
          g_mutex_unlock (&fake->lock);
        }
      else if (g_ascii_strncasecmp (header, "Content-Length:", 15) == 0)
        content_length = g_ascii_strtoull (header + 15, NULL, 10);
    }

  if (content_length > 0 && content_length < 65536)
    {
      g_autofree char *body = g_malloc0 (content_length + 1);
      gsize got = 0;

      g_input_stream_read_all (G_INPUT_STREAM (data), body, content_length, &got, NULL, NULL);
      g_mutex_lock (&fake->lock);
      g_string_append_len (fake->bodies, body, got);
      g_mutex_unlock (&fake->lock);
    }

  parts = g_strsplit (request_line, " ", 3);
  if (g_strv_length (parts) < 2)
    return TRUE;

  g_mutex_lock (&fake->lock);
  g_ptr_array_add (fake->requests, g_strdup_printf ("%s %s", parts[0], parts[1]));
  if ((question = strchr (parts[1], '?')))
    *question = '\0';
  key = g_strdup_printf ("%s %s", parts[0], parts[1]);
  if ((canned = g_hash_table_lookup (fake->routes, key)))
    answer = g_strdup (canned);
  else if (strcmp (parts[1], "/_ping") == 0)
    answer = fake_ping (fake, strcmp (parts[0], "HEAD") == 0);
  else
    answer = g_strdup ("HTTP/1.1 404 Not Found\r\nConnection: close\r\nContent-Type: application/json\r\n"
                       "Content-Length: 28\r\n\r\n{\"message\":\"page not found\"}");
  g_mutex_unlock (&fake->lock);

  g_output_stream_write_all (output, answer, strlen (answer), NULL, NULL, NULL);
  g_io_stream_close (G_IO_STREAM (connection), NULL, NULL);

  return TRUE;
}

static char *
json_response (guint       status,
               const char *body)
{
  return g_strdup_printf ("HTTP/1.1 %u X\r\nConnection: close\r\nContent-Type: application/json\r\n"
                          "Content-Length: %" G_GSIZE_FORMAT "\r\n\r\n%s",
                          status, strlen (body), body);
}

static void
fake_route (FakeEngine *fake,
            const char *key,
            char       *response)
{
  g_mutex_lock (&fake->lock);
  g_hash_table_insert (fake->routes, g_strdup (key), response);
  g_mutex_unlock (&fake->lock);
}

/* On a unix socket, or with @tcp on 127.0.0.1. */
static FakeEngine *
fake_engine_new_full (gboolean tcp)
{
  FakeEngine *fake = g_new0 (FakeEngine, 1);
  g_autoptr(GSocketAddress) address = NULL;
  g_autoptr(GSocketAddress) effective = NULL;
  g_autoptr(GError) error = NULL;

  g_mutex_init (&fake->lock);
  fake->routes = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  fake->requests = g_ptr_array_new_with_free_func (g_free);
  fake->bodies = g_string_new (NULL);
  fake->api_version = "1.41";
  fake->dir = g_dir_make_tmp ("dh-fake-engine-XXXXXX", &error);
  g_assert_no_error (error);
  fake->path = g_build_filename (fake->dir, "engine.sock", NULL);

  fake->service = g_threaded_socket_service_new (4);
  if (tcp)
    {
      g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);

      address = g_inet_socket_address_new (loopback, 0);
    }
  else
    address = g_unix_socket_address_new (fake->path);
  g_socket_listener_add_address (G_SOCKET_LISTENER (fake->service), address,
                                 G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_DEFAULT,
                                 NULL, &effective, &error);
  g_assert_no_error (error);
  if (tcp)
    fake->uri = g_strdup_printf ("tcp://127.0.0.1:%u",
                                 g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (effective)));
  else
    fake->uri = g_strconcat ("unix://", fake->path, NULL);
  g_signal_connect (fake->service, "run", G_CALLBACK (fake_run_cb), fake);
  g_socket_service_start (fake->service);

  fake_route (fake, "GET /v1.41/version",
              json_response (200, "{\"Version\":\"24.0.7\",\"ApiVersion\":\"1.41\"}"));

  return fake;
}

static FakeEngine *
fake_engine_new (void)
{
  return fake_engine_new_full (FALSE);
}

static void
fake_engine_free (FakeEngine *fake)
{
  g_socket_service_stop (fake->service);
  g_socket_listener_close (G_SOCKET_LISTENER (fake->service));
  g_clear_object (&fake->service);
  g_unlink (fake->path);
  g_rmdir (fake->dir);
  g_hash_table_unref (fake->routes);
  g_ptr_array_unref (fake->requests);
  g_string_free (fake->bodies, TRUE);
  g_mutex_clear (&fake->lock);
  g_free (fake->dir);
  g_free (fake->path);
  g_free (fake->uri);
  g_free (fake);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (FakeEngine, fake_engine_free)

static gboolean
fake_saw (FakeEngine *fake,
          const char *request)
{
  gboolean seen = FALSE;

  g_mutex_lock (&fake->lock);
  for (guint i = 0; i < fake->requests->len; i++)
    if (strcmp (g_ptr_array_index (fake->requests, i), request) == 0)
      seen = TRUE;
  g_mutex_unlock (&fake->lock);

  return seen;
}

static gboolean
fake_connect (DhEngine  *engine,
              GError   **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  dh_engine_connect_async (engine, NULL, dh_test_store_result_cb, &result);
  dh_test_wait_result (&result, 10000);
  return dh_engine_connect_finish (engine, result, error);
}

static void
test_fake_too_old (void)
{
  const char *versions[] = { "1.39", "1.12", NULL /* no header: 1.24 */ };

  for (guint i = 0; i < G_N_ELEMENTS (versions); i++)
    {
      g_autoptr(FakeEngine) fake = fake_engine_new ();
      g_autoptr(DhEngine) engine = NULL;
      g_autoptr(GError) error = NULL;

      fake->api_version = versions[i];
      engine = dh_engine_new_for_uri (fake->uri, &error);
      g_assert_false (fake_connect (engine, &error));
      g_assert_error (error, DH_ERROR, DH_ERROR_ENGINE_TOO_OLD);
      g_test_message ("%s", error->message);
      g_assert_nonnull (strstr (error->message, versions[i] ? versions[i] : "1.24"));
      g_assert_nonnull (strstr (error->message, "1.40"));
      g_assert_nonnull (strstr (error->message, "upgrade"));
    }
}

/* Plain tcp:// (loopback only): credentials never leave, whatever the
 * caller does. */
static void
test_fake_plain_tcp_strips_credentials (void)
{
  g_autoptr(FakeEngine) fake = fake_engine_new_full (TRUE);
  g_autoptr(DhEngine) engine = NULL;
  g_autoptr(GError) error = NULL;
  const char *body = "{\"username\":\"u\",\"password\":\"do-not-send\",\"serveraddress\":\"r\"}";
  const char *paths[] = { "/images/x/push", "/auth" };

  fake_route (fake, "POST /v1.41/images/x/push", json_response (200, "{}"));
  fake_route (fake, "POST /v1.41/auth", json_response (200, "{}"));
  engine = dh_engine_new_for_uri (fake->uri, &error);
  g_assert_no_error (error);
  g_assert_true (fake_connect (engine, &error));
  g_assert_false (_dh_engine_check_credentials_allowed (engine, &error));
  g_assert_error (error, DH_ERROR, DH_ERROR_INSECURE_TRANSPORT);
  g_clear_error (&error);

  for (guint i = 0; i < G_N_ELEMENTS (paths); i++)
    {
      g_autoptr(SoupMessage) message = _dh_engine_new_message (engine, "POST", paths[i], NULL);
      g_autoptr(GAsyncResult) result = NULL;
      g_autoptr(GBytes) answer = NULL;
      g_autoptr(GBytes) request_body = g_bytes_new_static (body, strlen (body));

      soup_message_headers_append (soup_message_get_request_headers (message),
                                   "X-Registry-Auth", "eyJwYXNzd29yZCI6ImRvLW5vdC1zZW5kIn0=");
      if (strcmp (paths[i], "/auth") == 0)
        soup_message_set_request_body_from_bytes (message, "application/json", request_body);
      soup_session_send_and_read_async (_dh_engine_get_session (engine), message,
                                        G_PRIORITY_DEFAULT, NULL, dh_test_store_result_cb, &result);
      dh_test_wait_result (&result, 10000);
      answer = soup_session_send_and_read_finish (_dh_engine_get_session (engine), result, &error);
      g_assert_no_error (error);
    }

  g_assert_true (fake_saw (fake, "POST /v1.41/auth"));
  g_assert_cmpuint (fake->n_auth_headers, ==, 0);
  g_assert_null (strstr (fake->bodies->str, "do-not-send"));
}

/* Something answers HTTP there, but it is no engine. */
static void
test_fake_not_an_engine (void)
{
  g_autoptr(FakeEngine) fake = fake_engine_new ();
  g_autoptr(DhEngine) engine = NULL;
  g_autoptr(GError) error = NULL;

  fake->head_unsupported = TRUE;
  fake_route (fake, "GET /_ping", json_response (404, "{\"message\":\"page not found\"}"));
  fake->api_version = NULL;
  engine = dh_engine_new_for_uri (fake->uri, &error);
  g_assert_false (fake_connect (engine, &error));
  g_test_message ("%s", error->message);
  g_assert_error (error, DH_ERROR, DH_ERROR_NO_ENGINE);
  g_assert_nonnull (strstr (error->message, "/_ping"));
}

static void
test_fake_negotiation (void)
{
  g_autoptr(FakeEngine) fake = fake_engine_new ();
  g_autoptr(DhEngine) engine = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GListModel) images = NULL;

  /* A newer Podman that refuses HEAD: GET fallback, our maximum. */
  fake->api_version = "1.51";
  fake->podman = TRUE;
  fake->head_unsupported = TRUE;
  fake_route (fake, "GET /v1.45/version",
              json_response (200, "{\"Version\":\"5.0.0\",\"Components\":[{\"Name\":\"Conmon\",\"Version\":\"2\"},"
                                  "{\"Name\":\"Podman Engine\",\"Version\":\"5.0.0\"}]}"));
  fake_route (fake, "GET /v1.45/images/json",
              json_response (200, "[{\"Id\":\"" ID "\",\"RepoTags\":[\"docker.io/library/alpine:3\"],\"Created\":1}]"));

  engine = dh_engine_new_for_uri (fake->uri, &error);
  g_assert_true (fake_connect (engine, &error));
  g_assert_no_error (error);
  g_assert_true (fake_saw (fake, "HEAD /_ping"));
  g_assert_true (fake_saw (fake, "GET /_ping"));
  g_assert_cmpstr (dh_engine_get_api_version (engine), ==, "1.45");
  g_assert_cmpint (dh_engine_get_kind (engine), ==, DH_ENGINE_KIND_PODMAN);
  g_assert_cmpstr (dh_engine_get_display_name (engine), ==, "Podman 5.0.0");
  g_assert_cmpstr (dh_engine_get_version (engine), ==, "5.0.0");

  dh_engine_list_images_async (engine, NULL, dh_test_store_result_cb, &result);
  dh_test_wait_result (&result, 10000);
  images = dh_engine_list_images_finish (engine, result, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (images), ==, 1);
  /* Never digests=1 (Podman answers it with an empty body). */
  g_assert_true (fake_saw (fake, "GET /v1.45/images/json"));
}

static void
test_fake_errors (void)
{
  g_autoptr(FakeEngine) fake = fake_engine_new ();
  g_autoptr(DhEngine) engine = NULL;
  g_autoptr(GError) error = NULL;
  struct {
    const char *route;
    char       *response;
    int         code;
    const char *message;
  } cases[] = {
    { "DELETE /v1.41/images/busy:1",
      json_response (409, "{\"message\":\"conflict: unable to remove repository reference \\\"busy:1\\\"\"}"),
      DH_ERROR_CONFLICT, "conflict: unable to remove repository reference \"busy:1\"" },
    { "DELETE /v1.41/images/plain:1",
      g_strdup ("HTTP/1.1 500 Internal Server Error\r\nConnection: close\r\nContent-Type: text/plain\r\n"
                "Content-Length: 13\r\n\r\nboom happened"),
      DH_ERROR_FAILED, "boom happened" },
    { "DELETE /v1.41/images/empty:1",
      g_strdup ("HTTP/1.1 500 Internal Server Error\r\nConnection: close\r\nContent-Length: 0\r\n\r\n"),
      DH_ERROR_FAILED, "500" },
    { "DELETE /v1.41/images/gone:1",
      json_response (404, "{\"message\":\"No such image: gone:1\"}"),
      DH_ERROR_NOT_FOUND, "No such image: gone:1" },
    /* The engine dies mid-answer. */
    { "DELETE /v1.41/images/cut:1",
      g_strdup ("HTTP/1.1 200 OK\r\nConnection: close\r\nContent-Type: application/json\r\n"
                "Content-Length: 1000\r\n\r\n[{\"Untagged\":"),
      DH_ERROR_ENGINE_GONE, "closed the connection" },
    { "DELETE /v1.41/images/cutchunk:1",
      g_strdup ("HTTP/1.1 200 OK\r\nConnection: close\r\nContent-Type: application/json\r\n"
                "Transfer-Encoding: chunked\r\n\r\n40\r\n[{\"Untagged\":"),
      DH_ERROR_ENGINE_GONE, "closed the connection" },
  };

  engine = dh_engine_new_for_uri (fake->uri, &error);
  g_assert_no_error (error);

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GAsyncResult) result = NULL;
      g_autofree char *name = g_strdup (strrchr (cases[i].route, '/') + 1);

      fake_route (fake, cases[i].route, cases[i].response);
      dh_engine_remove_async (engine, name, FALSE, NULL, dh_test_store_result_cb, &result);
      dh_test_wait_result (&result, 10000);
      g_assert_false (dh_engine_remove_finish (engine, result, &error));
      g_test_message ("%s: %s", name, error->message);
      g_assert_error (error, DH_ERROR, cases[i].code);
      g_assert_nonnull (strstr (error->message, cases[i].message));
      g_clear_error (&error);
    }

  g_assert_true (fake_saw (fake, "DELETE /v1.41/images/busy:1?force=false"));
}

static void
test_fake_bad_listing (void)
{
  g_autoptr(FakeEngine) fake = fake_engine_new ();
  g_autoptr(DhEngine) engine = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GListModel) images = NULL;

  fake_route (fake, "GET /v1.41/images/json", json_response (200, "<html>not an engine</html>"));
  engine = dh_engine_new_for_uri (fake->uri, &error);

  dh_engine_list_images_async (engine, NULL, dh_test_store_result_cb, &result);
  dh_test_wait_result (&result, 10000);
  images = dh_engine_list_images_finish (engine, result, &error);
  g_assert_null (images);
  g_assert_error (error, DH_ERROR, DH_ERROR_PROTOCOL);
}

/* DhImageList applies a new listing as small changes and keeps the
 * objects of images whose id stayed. */

typedef struct
{
  guint position, removed, added;
} Change;

static void
record_change_cb (GListModel *model,
                  guint       position,
                  guint       removed,
                  guint       added,
                  GArray     *changes)
{
  Change change = { position, removed, added };

  g_array_append_val (changes, change);
}

static char *
listing (const char * const *entries)
{
  GString *out = g_string_new ("[");

  for (guint i = 0; entries[i]; i++)
    {
      g_auto(GStrv) fields = g_strsplit (entries[i], " ", 3);

      /* "id created tag" */
      g_string_append_printf (out, "%s{\"Id\":\"sha256:%s\",\"Created\":%s,\"RepoTags\":[\"%s\"],\"Size\":1}",
                              i ? "," : "", fields[0], fields[1], fields[2]);
    }
  g_string_append_c (out, ']');

  return g_string_free (out, FALSE);
}

static void
refresh_list (DhImageList *list)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;

  dh_image_list_refresh_async (list, NULL, dh_test_store_result_cb, &result);
  dh_test_wait_result (&result, 10000);
  g_assert_true (dh_image_list_refresh_finish (list, result, &error));
  g_assert_no_error (error);
}

static const char *
id_at (DhImageList *list,
       guint        position)
{
  g_autoptr(DhImage) image = g_list_model_get_item (G_LIST_MODEL (list), position);

  return dh_image_get_id (image) + strlen ("sha256:");
}

static void
test_fake_list_diff (void)
{
  g_autoptr(FakeEngine) fake = fake_engine_new ();
  g_autoptr(DhEngine) engine = NULL;
  g_autoptr(DhImageList) list = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) changes = g_array_new (FALSE, FALSE, sizeof (Change));
  const char *first[] = { "aa 50 a:1", "bb 40 b:1", "cc 30 c:1", "dd 20 d:1", "ee 10 e:1", NULL };
  /* bb retagged, cc gone, ff new (between dd and ee), ee unchanged. */
  const char *second[] = { "aa 50 a:1", "bb 40 b:2", "dd 20 d:1", "ff 15 f:1", "ee 10 e:1", NULL };
  DhImage *aa, *bb, *ee;
  const Change *change;

  {
    g_autofree char *body = listing (first);

    fake_route (fake, "GET /v1.41/images/json", json_response (200, body));
  }

  engine = dh_engine_new_for_uri (fake->uri, &error);
  list = dh_image_list_new (engine);
  g_signal_connect (list, "items-changed", G_CALLBACK (record_change_cb), changes);

  refresh_list (list);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, 5);
  g_assert_cmpuint (changes->len, ==, 1);
  change = &g_array_index (changes, Change, 0);
  g_assert_cmpuint (change->position, ==, 0);
  g_assert_cmpuint (change->removed, ==, 0);
  g_assert_cmpuint (change->added, ==, 5);
  g_assert_cmpstr (id_at (list, 0), ==, "aa");
  g_assert_cmpstr (id_at (list, 4), ==, "ee");
  aa = dh_image_list_find_by_id (list, "sha256:aa");
  bb = dh_image_list_find_by_id (list, "bb");
  ee = dh_image_list_find_by_id (list, "sha256:ee");
  g_assert_nonnull (aa);
  g_assert_nonnull (bb);
  g_assert_null (dh_image_list_find_by_id (list, "sha256:zz"));

  /* The same listing again: nothing happens. */
  g_array_set_size (changes, 0);
  refresh_list (list);
  g_assert_cmpuint (changes->len, ==, 0);

  {
    g_autofree char *body = listing (second);

    fake_route (fake, "GET /v1.41/images/json", json_response (200, body));
  }
  refresh_list (list);

  /* bb and cc form one run (bb updated in place, cc removed), ff one. */
  g_assert_cmpuint (changes->len, ==, 2);
  change = &g_array_index (changes, Change, 0);
  g_assert_cmpuint (change->position, ==, 1);
  g_assert_cmpuint (change->removed, ==, 2);
  g_assert_cmpuint (change->added, ==, 1);
  change = &g_array_index (changes, Change, 1);
  g_assert_cmpuint (change->position, ==, 3);
  g_assert_cmpuint (change->removed, ==, 0);
  g_assert_cmpuint (change->added, ==, 1);

  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, 5);
  g_assert_cmpstr (id_at (list, 0), ==, "aa");
  g_assert_cmpstr (id_at (list, 1), ==, "bb");
  g_assert_cmpstr (id_at (list, 2), ==, "dd");
  g_assert_cmpstr (id_at (list, 3), ==, "ff");
  g_assert_cmpstr (id_at (list, 4), ==, "ee");
  g_assert_true (dh_image_list_find_by_id (list, "sha256:aa") == aa);
  g_assert_true (dh_image_list_find_by_id (list, "sha256:bb") == bb);
  g_assert_true (dh_image_list_find_by_id (list, "sha256:ee") == ee);
  g_assert_true (dh_image_has_tag (bb, "b:2"));
  g_assert_false (dh_image_has_tag (bb, "b:1"));
  g_assert_null (dh_image_list_find_by_id (list, "sha256:cc"));

  /* Everything goes. */
  g_array_set_size (changes, 0);
  fake_route (fake, "GET /v1.41/images/json", json_response (200, "[]"));
  refresh_list (list);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, 0);
  g_assert_cmpuint (changes->len, ==, 1);
  g_assert_cmpuint (g_array_index (changes, Change, 0).removed, ==, 5);
  g_assert_null (dh_image_list_get_error (list));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/Dockhand/Image/docker", test_image_docker);
  g_test_add_func ("/Dockhand/Image/podman-names", test_image_podman_names);
  g_test_add_func ("/Dockhand/Image/none", test_image_none);
  g_test_add_func ("/Dockhand/Image/minimal", test_image_minimal);
  g_test_add_func ("/Dockhand/Image/wrong-types", test_image_wrong_types);
  g_test_add_func ("/Dockhand/Image/no-id", test_image_no_id);
  g_test_add_func ("/Dockhand/Image/update", test_image_update);
  g_test_add_func ("/Dockhand/Image/details", test_details);
  g_test_add_func ("/Dockhand/Image/details-sparse", test_details_sparse);
  g_test_add_func ("/Dockhand/Image/history-entry", test_history_entry);
  g_test_add_func ("/Dockhand/Image/parse-summaries", test_parse_summaries);
  g_test_add_func ("/Dockhand/Image/parse-summaries-details", test_parse_summaries_details);
  g_test_add_func ("/Dockhand/Image/parse-summaries-invalid", test_parse_summaries_invalid);
  g_test_add_func ("/Dockhand/Engine/addresses", test_engine_addresses);
  g_test_add_func ("/Dockhand/Engine/ssh-fails", test_ssh_fails);
  g_test_add_func ("/Dockhand/Engine/fake/too-old", test_fake_too_old);
  g_test_add_func ("/Dockhand/Engine/fake/negotiation", test_fake_negotiation);
  g_test_add_func ("/Dockhand/Engine/fake/not-an-engine", test_fake_not_an_engine);
  g_test_add_func ("/Dockhand/Engine/fake/plain-tcp-strips-credentials", test_fake_plain_tcp_strips_credentials);
  g_test_add_func ("/Dockhand/Engine/fake/errors", test_fake_errors);
  g_test_add_func ("/Dockhand/Engine/fake/bad-listing", test_fake_bad_listing);
  g_test_add_func ("/Dockhand/ImageList/diff", test_fake_list_diff);
  g_test_add_func ("/Dockhand/Engine/remote-needs-tls", test_engine_remote_needs_tls);
  g_test_add_func ("/Dockhand/Engine/unix-credentials", test_engine_unix_credentials);

  return g_test_run ();
}
