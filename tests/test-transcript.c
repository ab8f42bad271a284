/* test-transcript.c
 *
 * Copyright 2026 The Dockhand Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "dh-transfer.h"

/* What `docker push`/`docker pull` (or podman's) print on a terminal for
 * each recorded stream in tests/fixtures: the final screen, one line per
 * id in the order it first appeared (jsonmessage rewrites an id's line
 * in place), podman's libpod text as podman shows it on a terminal. */

typedef struct
{
  const char          *file;
  DhTransferKind       kind;
  const char          *reference;
  DhTranscriptDialect  dialect;
  const char          *transcript;
} TranscriptCase;

static const TranscriptCase cases[] = {
  { "docker-pull-fresh.jsonl", DH_TRANSFER_KIND_PULL, "127.0.0.1:41000/dhrec/multi:1.0", DH_TRANSCRIPT_DIALECT_DOCKER,
    "1.0: Pulling from dhrec/multi\n"
    "a023e8e900b7: Pull complete\n"
    "96664c34190a: Pull complete\n"
    "b277ad5a7047: Pull complete\n"
    "Digest: sha256:7f85455c53978de9ea807b1ea318ec870945695b48eba18d2babd22ee1246cf8\n"
    "Status: Downloaded newer image for 127.0.0.1:41000/dhrec/multi:1.0\n"
    "127.0.0.1:41000/dhrec/multi:1.0\n" },
  { "docker-pull-uptodate.jsonl", DH_TRANSFER_KIND_PULL, "127.0.0.1:41000/dhrec/multi:1.0", DH_TRANSCRIPT_DIALECT_DOCKER,
    "1.0: Pulling from dhrec/multi\n"
    "Digest: sha256:7f85455c53978de9ea807b1ea318ec870945695b48eba18d2babd22ee1246cf8\n"
    "Status: Image is up to date for 127.0.0.1:41000/dhrec/multi:1.0\n"
    "127.0.0.1:41000/dhrec/multi:1.0\n" },
  { "docker-push-error-missing.jsonl", DH_TRANSFER_KIND_PUSH, "127.0.0.1:41000/dhrec/nothing-here:1.0", DH_TRANSCRIPT_DIALECT_DOCKER,
    "The push refers to repository [127.0.0.1:41000/dhrec/nothing-here]\n"
    "An image does not exist locally with the tag: 127.0.0.1:41000/dhrec/nothing-here\n" },
  { "docker-push-error-unauthorized.jsonl", DH_TRANSFER_KIND_PUSH, "127.0.0.1:41001/dhrec/multi:1.0", DH_TRANSCRIPT_DIALECT_DOCKER,
    "The push refers to repository [127.0.0.1:41001/dhrec/multi]\n"
    "af705f226db3: Preparing\n"
    "6d27a1426657: Preparing\n"
    "2c8b97ba8593: Preparing\n"
    "no basic auth credentials\n" },
  { "docker-push-exists.jsonl", DH_TRANSFER_KIND_PUSH, "127.0.0.1:41000/dhrec/multi:1.0", DH_TRANSCRIPT_DIALECT_DOCKER,
    "The push refers to repository [127.0.0.1:41000/dhrec/multi]\n"
    "af705f226db3: Layer already exists\n"
    "6d27a1426657: Layer already exists\n"
    "2c8b97ba8593: Layer already exists\n"
    "1.0: digest: sha256:7f85455c53978de9ea807b1ea318ec870945695b48eba18d2babd22ee1246cf8 size: 949\n" },
  { "docker-push-fresh.jsonl", DH_TRANSFER_KIND_PUSH, "127.0.0.1:41000/dhrec/multi:1.0", DH_TRANSCRIPT_DIALECT_DOCKER,
    "The push refers to repository [127.0.0.1:41000/dhrec/multi]\n"
    "af705f226db3: Pushed\n"
    "6d27a1426657: Pushed\n"
    "2c8b97ba8593: Pushed\n"
    "1.0: digest: sha256:7f85455c53978de9ea807b1ea318ec870945695b48eba18d2babd22ee1246cf8 size: 949\n" },
  { "docker-push-mounted.jsonl", DH_TRANSFER_KIND_PUSH, "127.0.0.1:41000/dhrec/other:1.0", DH_TRANSCRIPT_DIALECT_DOCKER,
    "The push refers to repository [127.0.0.1:41000/dhrec/other]\n"
    "af705f226db3: Mounted from dhrec/multi\n"
    "6d27a1426657: Mounted from dhrec/multi\n"
    "2c8b97ba8593: Mounted from dhrec/multi\n"
    "1.0: digest: sha256:7f85455c53978de9ea807b1ea318ec870945695b48eba18d2babd22ee1246cf8 size: 949\n" },
  { "docker-push-truncated.jsonl", DH_TRANSFER_KIND_PUSH, "127.0.0.1:41000/dhrec/cut:1.0", DH_TRANSCRIPT_DIALECT_DOCKER,
    "The push refers to repository [127.0.0.1:41000/dhrec/cut]\n"
    "c51bd6d5930e: Pushing [=====>                                             ]  885.8kB/8.389MB\n"
    "4dc8e0a364f7: Pushing [========>                                          ]  1.476MB/8.389MB\n"
    "56e2a7834484: Pushing [======================>                            ]  3.737MB/8.389MB\n" },
  { "podman-compat-pull-exists.jsonl", DH_TRANSFER_KIND_PULL, "127.0.0.1:41000/dhrec/multi:1.0", DH_TRANSCRIPT_DIALECT_DOCKER,
    "b277ad5a7047: Already exists\n"
    "a023e8e900b7: Already exists\n"
    "96664c34190a: Already exists\n"
    "0d0c0c0bae97: Download complete\n"
    "127.0.0.1:41000/dhrec/multi:1.0\n" },
  { "podman-compat-pull.jsonl", DH_TRANSFER_KIND_PULL, "127.0.0.1:41000/dhrec/multi:1.0", DH_TRANSCRIPT_DIALECT_DOCKER,
    "a023e8e900b7: Download complete\n"
    "b277ad5a7047: Download complete\n"
    "96664c34190a: Download complete\n"
    "0d0c0c0bae97: Download complete\n"
    "127.0.0.1:41000/dhrec/multi:1.0\n" },
  { "podman-compat-push.jsonl", DH_TRANSFER_KIND_PUSH, "127.0.0.1:41000/podcompat/multi:1.0", DH_TRANSCRIPT_DIALECT_DOCKER,
    "The push refers to repository [127.0.0.1:41000/podcompat/multi:1.0]\n"
    "1.0: digest: sha256:d601c5a04c76848e6e8fca7324bff3a9edbf5297e7a12a4115c5e8eb0c1c5c74 size: 755\n" },
  { "podman-libpod-pull-error.jsonl", DH_TRANSFER_KIND_PULL, "127.0.0.1:41000/dhrec/missing:9.9", DH_TRANSCRIPT_DIALECT_PODMAN,
    "Trying to pull 127.0.0.1:41000/dhrec/missing:9.9...\n"
    "Error: initializing source docker://127.0.0.1:41000/dhrec/missing:9.9: reading manifest 9.9 in 127.0.0.1:41000/dhrec/missing: manifest unknown: manifest unknown\n" },
  { "podman-libpod-pull.jsonl", DH_TRANSFER_KIND_PULL, "127.0.0.1:41000/podcompat/multi:1.0", DH_TRANSCRIPT_DIALECT_PODMAN,
    "Trying to pull 127.0.0.1:41000/podcompat/multi:1.0...\n"
    "Getting image source signatures\n"
    "Copying blob 0d162230843d done\n"
    "Copying blob 02490ca7a3fe done\n"
    "Copying blob 3bb5a69c1bba done\n"
    "Copying config 51d146c84a done\n"
    "Writing manifest to image destination\n"
    "Storing signatures\n"
    "51d146c84a2074c0ea1039a491e7283758afceda029524283c5864827e831a9b\n" },
  { "podman-libpod-push-error.jsonl", DH_TRANSFER_KIND_PUSH, "127.0.0.1:41009/podcompat/multi:1.0", DH_TRANSCRIPT_DIALECT_PODMAN,
    "Getting image source signatures\n"
    "Copying blob b292631223da\n"
    "Copying blob a8b404e4cfd7\n"
    "Copying blob 1cfa365ffa9f\n"
    "Getting image source signatures\n"
    "Copying blob b292631223da\n"
    "Copying blob a8b404e4cfd7\n"
    "Copying blob 1cfa365ffa9f\n"
    "Getting image source signatures\n"
    "Copying blob b292631223da\n"
    "Copying blob 1cfa365ffa9f\n"
    "Copying blob a8b404e4cfd7\n"
    "Getting image source signatures\n"
    "Copying blob b292631223da\n"
    "Copying blob 1cfa365ffa9f\n"
    "Copying blob a8b404e4cfd7\n"
    "Error: trying to reuse blob sha256:b292631223da82de81b08a9891d595a99042519f378bca641945789a8dc18043 at destination: pinging container registry 127.0.0.1:41009: Get \"http://127.0.0.1:41009/v2/\": dial tcp 127.0.0.1:41009: connect: connection refused\n" },
  { "podman-libpod-push.jsonl", DH_TRANSFER_KIND_PUSH, "127.0.0.1:41000/podcompat/multi:1.0", DH_TRANSCRIPT_DIALECT_PODMAN,
    "Getting image source signatures\n"
    "Copying blob a8b404e4cfd7 done\n"
    "Copying blob b292631223da done\n"
    "Copying blob 1cfa365ffa9f done\n"
    "Copying config 195fff25b9 done\n"
    "Writing manifest to image destination\n"
    "Storing signatures\n" },
};

static char *
load_fixture (const char *name)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "fixtures", name, NULL);
  g_autoptr(GError) error = NULL;
  char *contents = NULL;

  g_file_get_contents (path, &contents, NULL, &error);
  g_assert_no_error (error);

  return contents;
}

static void
apply_all (DhTransfer *transfer,
           const char *text)
{
  g_auto(GStrv) lines = g_strsplit (text, "\n", -1);

  for (guint i = 0; lines[i] != NULL; i++)
    {
      g_autoptr(GError) error = NULL;

      g_assert_true (dh_transfer_apply_line (transfer, lines[i], -1, &error));
      g_assert_no_error (error);
    }
}

static void
test_fixture (gconstpointer data)
{
  const TranscriptCase *tc = data;
  g_autofree char *text = load_fixture (tc->file);
  g_autoptr(DhTransfer) transfer = dh_transfer_new (tc->kind, tc->reference);
  g_autofree char *transcript = NULL;

  apply_all (transfer, text);
  dh_transfer_finish_stream (transfer);

  transcript = dh_transfer_dup_transcript (transfer);
  g_assert_cmpstr (transcript, ==, tc->transcript);
  g_assert_cmpint (dh_transfer_get_transcript_dialect (transfer), ==, tc->dialect);
}

static char *
transcript_of (DhTransfer  *transfer,
               const char **lines)
{
  for (guint i = 0; lines[i] != NULL; i++)
    {
      g_autoptr(GError) error = NULL;

      g_assert_true (dh_transfer_apply_line (transfer, lines[i], -1, &error));
      g_assert_no_error (error);
    }

  return dh_transfer_dup_transcript (transfer);
}

/* The example: the intermediate statuses are rewritten away. */
static void
test_docker_hub_push (void)
{
  static const char *lines[] = {
    "{\"status\":\"The push refers to repository [docker.io/alice/app]\"}",
    "{\"status\":\"Preparing\",\"progressDetail\":{},\"id\":\"abc123def456\"}",
    "{\"status\":\"Preparing\",\"progressDetail\":{},\"id\":\"0f1e2d3c4b5a\"}",
    "{\"status\":\"Preparing\",\"progressDetail\":{},\"id\":\"99aa88bb77cc\"}",
    "{\"status\":\"Waiting\",\"progressDetail\":{},\"id\":\"abc123def456\"}",
    "{\"status\":\"Layer already exists\",\"progressDetail\":{},\"id\":\"0f1e2d3c4b5a\"}",
    "{\"status\":\"Mounted from library/x\",\"progressDetail\":{},\"id\":\"99aa88bb77cc\"}",
    "{\"status\":\"Pushing\",\"progressDetail\":{\"current\":512,\"total\":1024},\"id\":\"abc123def456\"}",
    "{\"status\":\"Pushed\",\"progressDetail\":{},\"id\":\"abc123def456\"}",
    "{\"status\":\"1.0: digest: sha256:" "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef size: 1234\"}",
    "{\"progressDetail\":{},\"aux\":{\"Tag\":\"1.0\",\"Digest\":\"sha256:"
      "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef\",\"Size\":1234}}",
    NULL
  };
  g_autoptr(DhTransfer) transfer = dh_transfer_new (DH_TRANSFER_KIND_PUSH, "alice/app:1.0");
  g_autofree char *transcript = transcript_of (transfer, lines);

  g_assert_cmpstr (transcript, ==,
                   "The push refers to repository [docker.io/alice/app]\n"
                   "abc123def456: Pushed\n"
                   "0f1e2d3c4b5a: Layer already exists\n"
                   "99aa88bb77cc: Mounted from library/x\n"
                   "1.0: digest: sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"
                   " size: 1234\n");
}

/* `docker pull` names the image only once the engine is done. */
/* The engine lists the image's layers before the stream starts
 * (dh_transfer_expect_layer()); each still gets its line where the
 * stream first names it, as the CLI prints it. */
static void
test_expected_layers (void)
{
  static const char *lines[] = {
    "{\"status\":\"The push refers to repository [127.0.0.1:5000/app]\"}",
    "{\"status\":\"Preparing\",\"progressDetail\":{},\"id\":\"0123456789ab\"}",
    "{\"status\":\"Preparing\",\"progressDetail\":{},\"id\":\"fedcba987654\"}",
    "{\"status\":\"Layer already exists\",\"progressDetail\":{},\"id\":\"fedcba987654\"}",
    "{\"status\":\"Pushed\",\"progressDetail\":{},\"id\":\"0123456789ab\"}",
    "{\"status\":\"1.0: digest: sha256:"
    "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef size: 739\"}",
    NULL
  };
  g_autoptr(DhTransfer) transfer = dh_transfer_new (DH_TRANSFER_KIND_PUSH, "127.0.0.1:5000/app:1.0");
  g_autofree char *text = NULL;

  dh_transfer_expect_layer (transfer, "sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef", 100);
  dh_transfer_expect_layer (transfer, "sha256:fedcba9876543210fedcba9876543210fedcba9876543210fedcba9876543210", 200);
  text = transcript_of (transfer, lines);

  g_assert_cmpstr (text, ==,
                   "The push refers to repository [127.0.0.1:5000/app]\n"
                   "0123456789ab: Pushed\n"
                   "fedcba987654: Layer already exists\n"
                   "1.0: digest: sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef size: 739\n");
}

static void
test_pull_reference_at_end (void)
{
  static const char *lines[] = {
    "{\"status\":\"Pulling from alice/app\",\"id\":\"1.0\"}",
    "{\"status\":\"Pulling fs layer\",\"progressDetail\":{},\"id\":\"abc123def456\"}",
    "{\"status\":\"Downloading\",\"progressDetail\":{\"current\":1000,\"total\":2000},\"id\":\"abc123def456\"}",
    NULL
  };
  g_autoptr(DhTransfer) transfer = dh_transfer_new (DH_TRANSFER_KIND_PULL, "alice/app:1.0");
  g_autofree char *running = transcript_of (transfer, lines);
  g_autofree char *finished = NULL;

  g_assert_cmpstr (running, ==,
                   "1.0: Pulling from alice/app\n"
                   "abc123def456: Downloading "
                   "[=========================>                         ]      1kB/2kB\n");

  g_assert_true (dh_transfer_apply_line (transfer, "{\"status\":\"Pull complete\",\"id\":\"abc123def456\"}", -1, NULL));
  g_assert_true (dh_transfer_apply_line (transfer, "{\"status\":\"Digest: sha256:"
                                         "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef\"}",
                                         -1, NULL));
  g_assert_true (dh_transfer_apply_line (transfer, "{\"status\":\"Status: Downloaded newer image for alice/app:1.0\"}",
                                         -1, NULL));
  dh_transfer_finish_stream (transfer);
  finished = dh_transfer_dup_transcript (transfer);
  g_assert_cmpstr (finished, ==,
                   "1.0: Pulling from alice/app\n"
                   "abc123def456: Pull complete\n"
                   "Digest: sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef\n"
                   "Status: Downloaded newer image for alice/app:1.0\n"
                   "docker.io/alice/app:1.0\n");
}

/* jsonmessage drops the total when the count overshoots it, and shows
 * a bare count when there is no total. */
static void
test_progress_numbers (void)
{
  static const char *lines[] = {
    "{\"status\":\"Pushing\",\"progressDetail\":{\"current\":8390000,\"total\":8388608},\"id\":\"aaaaaaaaaaaa\"}",
    "{\"status\":\"Pushing\",\"progressDetail\":{\"current\":1234567},\"id\":\"bbbbbbbbbbbb\"}",
    "{\"status\":\"Pushing\",\"progressDetail\":{\"current\":999},\"id\":\"cccccccccccc\"}",
    NULL
  };
  g_autoptr(DhTransfer) transfer = dh_transfer_new (DH_TRANSFER_KIND_PUSH, "alice/app:1.0");
  g_autofree char *transcript = transcript_of (transfer, lines);

  g_assert_cmpstr (transcript, ==,
                   "aaaaaaaaaaaa: Pushing [==================================================>]   8.39MB\n"
                   "bbbbbbbbbbbb: Pushing  1.235MB\n"
                   "cccccccccccc: Pushing     999B\n");
}

/* An id first seen with a status that makes no layer keeps its line
 * when it turns out to be a layer. */
static void
test_id_keeps_its_line (void)
{
  static const char *lines[] = {
    "{\"status\":\"The push refers to repository [docker.io/alice/app]\"}",
    "{\"status\":\"Unavailable\",\"id\":\"aaaaaaaaaaaa\"}",
    "{\"status\":\"WARNING: something the engine says\"}",
    "{\"status\":\"Preparing\",\"id\":\"bbbbbbbbbbbb\"}",
    "{\"status\":\"Preparing\",\"id\":\"aaaaaaaaaaaa\"}",
    "{\"status\":\"Pushed\",\"id\":\"aaaaaaaaaaaa\"}",
    NULL
  };
  g_autoptr(DhTransfer) transfer = dh_transfer_new (DH_TRANSFER_KIND_PUSH, "alice/app:1.0");
  g_autofree char *transcript = transcript_of (transfer, lines);

  g_assert_cmpstr (transcript, ==,
                   "The push refers to repository [docker.io/alice/app]\n"
                   "aaaaaaaaaaaa: Pushed\n"
                   "WARNING: something the engine says\n"
                   "bbbbbbbbbbbb: Preparing\n");
}

/* podman on a terminal: short ids, "done" once copied, skips said. */
static void
test_podman_words (void)
{
  static const char *lines[] = {
    "{\"stream\":\"Getting image source signatures\\n\"}",
    "{\"stream\":\"Copying blob sha256:aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\\n\"}",
    "{\"stream\":\"Copying blob sha256:bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb skipped: already exists\\n\"}",
    "{\"stream\":\"Copying config sha256:cccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccc\\n\"}",
    "{\"stream\":\"Writing manifest to image destination\\n\"}",
    NULL
  };
  g_autoptr(DhTransfer) transfer = dh_transfer_new (DH_TRANSFER_KIND_PUSH, "alice/app:1.0");
  g_autofree char *running = transcript_of (transfer, lines);
  g_autofree char *finished = NULL;

  g_assert_cmpint (dh_transfer_get_transcript_dialect (transfer), ==, DH_TRANSCRIPT_DIALECT_PODMAN);
  g_assert_cmpstr (running, ==,
                   "Getting image source signatures\n"
                   "Copying blob aaaaaaaaaaaa\n"
                   "Copying blob bbbbbbbbbbbb skipped: already exists\n"
                   "Copying config cccccccccc\n"
                   "Writing manifest to image destination\n");

  g_assert_true (dh_transfer_apply_line (transfer, "{\"stream\":\"Storing signatures\\n\"}", -1, NULL));
  dh_transfer_finish_stream (transfer);
  finished = dh_transfer_dup_transcript (transfer);
  g_assert_cmpstr (finished, ==,
                   "Getting image source signatures\n"
                   "Copying blob aaaaaaaaaaaa done\n"
                   "Copying blob bbbbbbbbbbbb skipped: already exists\n"
                   "Copying config cccccccccc done\n"
                   "Writing manifest to image destination\n"
                   "Storing signatures\n");
}

/* An engine that never stops talking gets a bounded transcript. */
static void
test_bounded (void)
{
  g_autoptr(DhTransfer) transfer = dh_transfer_new (DH_TRANSFER_KIND_PUSH, "alice/app:1.0");
  g_autofree char *transcript = NULL;
  guint n_lines = 0;

  for (guint i = 0; i < 25000; i++)
    {
      g_autofree char *line = g_strdup_printf ("{\"status\":\"WARNING: line %u\"}", i);

      g_assert_true (dh_transfer_apply_line (transfer, line, -1, NULL));
    }

  transcript = dh_transfer_dup_transcript (transfer);
  for (const char *c = transcript; *c; c++)
    n_lines += *c == '\n';
  g_assert_cmpuint (n_lines, ==, 10000);
  g_assert_true (g_str_has_prefix (transcript, "WARNING: line 0\n"));
}

static void
test_empty (void)
{
  g_autoptr(DhTransfer) transfer = dh_transfer_new (DH_TRANSFER_KIND_PULL, "alice/app:1.0");
  g_autofree char *transcript = dh_transfer_dup_transcript (transfer);

  g_assert_cmpstr (transcript, ==, "");
  g_assert_cmpint (dh_transfer_get_transcript_dialect (transfer), ==, DH_TRANSCRIPT_DIALECT_DOCKER);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *path = g_strdup_printf ("/Dockhand/Transcript/fixture/%s", cases[i].file);

      g_test_add_data_func (path, &cases[i], test_fixture);
    }

  g_test_add_func ("/Dockhand/Transcript/docker-hub-push", test_docker_hub_push);
  g_test_add_func ("/Dockhand/Transcript/pull-reference-at-end", test_pull_reference_at_end);
  g_test_add_func ("/Dockhand/Transcript/expected-layers", test_expected_layers);
  g_test_add_func ("/Dockhand/Transcript/progress-numbers", test_progress_numbers);
  g_test_add_func ("/Dockhand/Transcript/id-keeps-its-line", test_id_keeps_its_line);
  g_test_add_func ("/Dockhand/Transcript/podman-words", test_podman_words);
  g_test_add_func ("/Dockhand/Transcript/bounded", test_bounded);
  g_test_add_func ("/Dockhand/Transcript/empty", test_empty);

  return g_test_run ();
}
