/* test-transfer.c
 *
 * Copyright 2026 The Dockhand Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include <json-glib/json-glib.h>

#include "dh-error.h"
#include "dh-transfer.h"
#include "dh-transfer-private.h"

/* ---- helpers ------------------------------------------------------------ */

typedef struct
{
  guint n_notify;
  guint n_inserted;
  guint n_removed;
  guint n_items_changed;
} Counters;

static void
count_notify_cb (GObject    *object,
                 GParamSpec *pspec,
                 gpointer    user_data)
{
  Counters *counters = user_data;

  counters->n_notify++;
}

static void
items_changed_cb (GListModel *model,
                  guint       position,
                  guint       removed,
                  guint       added,
                  gpointer    user_data)
{
  Counters *counters = user_data;

  counters->n_items_changed++;
  counters->n_inserted += added;
  counters->n_removed += removed;
  /* Insertions only ever append. */
  g_assert_cmpuint (position + added, ==, g_list_model_get_n_items (model));
}

static gint64 fake_now;

static gint64
fake_clock (gpointer user_data)
{
  return fake_now;
}

static DhTransfer *
new_transfer (DhTransferKind kind)
{
  DhTransfer *transfer = dh_transfer_new (kind, "127.0.0.1:41000/dhrec/multi:1.0");

  fake_now = 1000 * G_USEC_PER_SEC;
  _dh_transfer_set_clock (transfer, fake_clock, NULL);

  return transfer;
}

static void
apply_ok (DhTransfer *transfer,
          const char *line)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (dh_transfer_apply_line (transfer, line, -1, &error));
  g_assert_no_error (error);
}

static void
apply_bad (DhTransfer *transfer,
           const char *line,
           gssize      len)
{
  g_autoptr(GError) error = NULL;

  g_assert_false (dh_transfer_apply_line (transfer, line, len, &error));
  g_assert_error (error, DH_ERROR, DH_ERROR_PROTOCOL);
  g_assert_nonnull (error->message);
}

static DhLayer *
layer_at (DhTransfer *transfer,
          guint       position)
{
  GListModel *layers = dh_transfer_get_layers (transfer);
  g_autoptr(DhLayer) layer = g_list_model_get_item (layers, position);

  g_assert_nonnull (layer);
  /* The model holds a reference for the transfer's lifetime. */
  return layer;
}

static guint
n_layers (DhTransfer *transfer)
{
  return g_list_model_get_n_items (dh_transfer_get_layers (transfer));
}

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

/* The digest as the fixture's own text states it: "<tag>: digest: X"
 * in a push, "Digest: X" in a pull. */
static char *
digest_in_text (const char *text,
                const char *marker)
{
  const char *p = strstr (text, marker);
  const char *end;

  if (p == NULL)
    return NULL;

  p += strlen (marker);
  end = p;
  while (*end != '\0' && *end != ' ' && *end != '"')
    end++;

  return g_strndup (p, end - p);
}

/* ---- recorded streams --------------------------------------------------- */

typedef struct
{
  const char      *file;
  DhTransferKind   kind;
  DhTransferState  state;
  guint            n_layers;
  DhLayerPhase     phase;          /* of every layer at the end */
  gboolean         bytes_seen;     /* 0 < current < total at some point */
  DhPullOutcome    outcome;
  const char      *digest_marker;  /* where the fixture states the digest; NULL: none */
  int              error_code;     /* -1: no error */
  const char      *error_message;  /* exact, or NULL */
  const char      *mounted_from;
} FixtureCase;

static const FixtureCase fixture_cases[] = {
  { "docker-push-fresh.jsonl", DH_TRANSFER_KIND_PUSH, DH_TRANSFER_STATE_SUCCEEDED, 3,
    DH_LAYER_PHASE_DONE, TRUE, DH_PULL_OUTCOME_UNKNOWN, ": digest: ", -1, NULL, NULL },
  { "docker-push-exists.jsonl", DH_TRANSFER_KIND_PUSH, DH_TRANSFER_STATE_SUCCEEDED, 3,
    DH_LAYER_PHASE_ALREADY_PRESENT, FALSE, DH_PULL_OUTCOME_UNKNOWN, ": digest: ", -1, NULL, NULL },
  { "docker-push-mounted.jsonl", DH_TRANSFER_KIND_PUSH, DH_TRANSFER_STATE_SUCCEEDED, 3,
    DH_LAYER_PHASE_MOUNTED, FALSE, DH_PULL_OUTCOME_UNKNOWN, ": digest: ", -1, NULL, "dhrec/multi" },
  { "docker-push-error-missing.jsonl", DH_TRANSFER_KIND_PUSH, DH_TRANSFER_STATE_FAILED, 0,
    DH_LAYER_PHASE_UNKNOWN, FALSE, DH_PULL_OUTCOME_UNKNOWN, NULL, DH_ERROR_NOT_FOUND,
    "An image does not exist locally with the tag: 127.0.0.1:41000/dhrec/nothing-here", NULL },
  { "docker-push-error-unauthorized.jsonl", DH_TRANSFER_KIND_PUSH, DH_TRANSFER_STATE_FAILED, 3,
    DH_LAYER_PHASE_PREPARING, FALSE, DH_PULL_OUTCOME_UNKNOWN, NULL, DH_ERROR_UNAUTHORIZED,
    "no basic auth credentials", NULL },
  { "docker-push-truncated.jsonl", DH_TRANSFER_KIND_PUSH, DH_TRANSFER_STATE_FAILED, 3,
    DH_LAYER_PHASE_UPLOADING, TRUE, DH_PULL_OUTCOME_UNKNOWN, NULL, DH_ERROR_ENGINE_GONE,
    "The engine closed the stream before the push finished; nothing was confirmed. Try again.",
    NULL },
  { "docker-pull-fresh.jsonl", DH_TRANSFER_KIND_PULL, DH_TRANSFER_STATE_SUCCEEDED, 3,
    DH_LAYER_PHASE_DONE, TRUE, DH_PULL_OUTCOME_DOWNLOADED, "Digest: ", -1, NULL, NULL },
  { "docker-pull-uptodate.jsonl", DH_TRANSFER_KIND_PULL, DH_TRANSFER_STATE_SUCCEEDED, 0,
    DH_LAYER_PHASE_UNKNOWN, FALSE, DH_PULL_OUTCOME_UP_TO_DATE, "Digest: ", -1, NULL, NULL },
  { "podman-compat-push.jsonl", DH_TRANSFER_KIND_PUSH, DH_TRANSFER_STATE_SUCCEEDED, 0,
    DH_LAYER_PHASE_UNKNOWN, FALSE, DH_PULL_OUTCOME_UNKNOWN, ": digest: ", -1, NULL, NULL },
  { "podman-libpod-push.jsonl", DH_TRANSFER_KIND_PUSH, DH_TRANSFER_STATE_SUCCEEDED, 3,
    DH_LAYER_PHASE_DONE, FALSE, DH_PULL_OUTCOME_UNKNOWN, NULL, -1, NULL, NULL },
  { "podman-libpod-push-error.jsonl", DH_TRANSFER_KIND_PUSH, DH_TRANSFER_STATE_FAILED, 3,
    DH_LAYER_PHASE_UPLOADING, FALSE, DH_PULL_OUTCOME_UNKNOWN, NULL, DH_ERROR_UNREACHABLE,
    NULL, NULL },
  { "podman-compat-pull.jsonl", DH_TRANSFER_KIND_PULL, DH_TRANSFER_STATE_SUCCEEDED, 3,
    DH_LAYER_PHASE_DONE, FALSE, DH_PULL_OUTCOME_UNKNOWN, NULL, -1, NULL, NULL },
  { "podman-compat-pull-exists.jsonl", DH_TRANSFER_KIND_PULL, DH_TRANSFER_STATE_SUCCEEDED, 3,
    DH_LAYER_PHASE_ALREADY_PRESENT, FALSE, DH_PULL_OUTCOME_UNKNOWN, NULL, -1, NULL, NULL },
  { "podman-libpod-pull.jsonl", DH_TRANSFER_KIND_PULL, DH_TRANSFER_STATE_SUCCEEDED, 3,
    DH_LAYER_PHASE_DONE, FALSE, DH_PULL_OUTCOME_UNKNOWN, NULL, -1, NULL, NULL },
  { "podman-libpod-pull-error.jsonl", DH_TRANSFER_KIND_PULL, DH_TRANSFER_STATE_FAILED, 0,
    DH_LAYER_PHASE_UNKNOWN, FALSE, DH_PULL_OUTCOME_UNKNOWN, NULL, DH_ERROR_NOT_FOUND,
    NULL, NULL },
};

static void
test_fixture (gconstpointer data)
{
  const FixtureCase *fc = data;
  g_autofree char *text = load_fixture (fc->file);
  g_autofree char *expected_digest = NULL;
  g_autoptr(DhTransfer) transfer = dh_transfer_new (fc->kind, "127.0.0.1:41000/dhrec/multi:1.0");
  g_auto(GStrv) lines = g_strsplit (text, "\n", -1);
  Counters counters = { 0 };
  gboolean bytes_seen = FALSE;
  gint64 last_current = 0;

  g_signal_connect (dh_transfer_get_layers (transfer), "items-changed",
                    G_CALLBACK (items_changed_cb), &counters);

  /* Split on "\n" only: Docker's "\r" stays on each line, as a reader
   * with a plain newline split would hand it over. */
  for (guint i = 0; lines[i] != NULL; i++)
    {
      apply_ok (transfer, lines[i]);

      if (dh_transfer_get_current_bytes (transfer) > 0 &&
          dh_transfer_get_current_bytes (transfer) < dh_transfer_get_total_bytes (transfer))
        bytes_seen = TRUE;

      /* The whole-transfer byte count never goes backwards. */
      g_assert_cmpint (dh_transfer_get_current_bytes (transfer), >=, last_current);
      last_current = dh_transfer_get_current_bytes (transfer);
    }

  dh_transfer_finish_stream (transfer);

  g_assert_cmpint (dh_transfer_get_state (transfer), ==, fc->state);
  g_assert_true (dh_transfer_is_finished (transfer));
  g_assert_true (dh_transfer_stopped_short (transfer) == (fc->state != DH_TRANSFER_STATE_SUCCEEDED));
  g_assert_cmpint (dh_transfer_get_finished_at (transfer), >=, dh_transfer_get_started_at (transfer));
  g_assert_cmpuint (n_layers (transfer), ==, fc->n_layers);
  g_assert_cmpuint (counters.n_inserted, ==, fc->n_layers);
  g_assert_cmpuint (counters.n_removed, ==, 0);
  g_assert_cmpint (bytes_seen, ==, fc->bytes_seen);
  g_assert_cmpint (dh_transfer_get_pull_outcome (transfer), ==, fc->outcome);

  if (fc->digest_marker != NULL)
    {
      expected_digest = digest_in_text (text, fc->digest_marker);
      g_assert_nonnull (expected_digest);
      g_assert_true (g_str_has_prefix (expected_digest, "sha256:"));
      g_assert_cmpuint (strlen (expected_digest), ==, strlen ("sha256:") + 64);
    }
  g_assert_cmpstr (dh_transfer_get_digest (transfer), ==, expected_digest);

  for (guint i = 0; i < n_layers (transfer); i++)
    {
      DhLayer *layer = layer_at (transfer, i);
      const char *id = dh_layer_get_id (layer);

      g_assert_cmpuint (strlen (id), ==, 12);
      for (const char *c = id; *c; c++)
        g_assert_true (g_ascii_isxdigit (*c));
      /* A real layer, named in the stream's text. */
      g_assert_nonnull (strstr (text, id));
      g_assert_cmpint (dh_layer_get_phase (layer), ==, fc->phase);
      g_assert_nonnull (dh_layer_get_status_text (layer));
      g_assert_cmpstr (dh_layer_get_mounted_from (layer), ==, fc->mounted_from);

      if (dh_layer_get_total (layer) > 0 && dh_layer_is_complete (layer))
        g_assert_cmpint (dh_layer_get_current (layer), ==, dh_layer_get_total (layer));
    }

  if (fc->state == DH_TRANSFER_STATE_SUCCEEDED)
    {
      g_assert_null (dh_transfer_get_error (transfer));
      g_assert_null (dh_transfer_get_error_message (transfer));
      g_assert_cmpfloat (dh_transfer_get_fraction (transfer), ==, 1.0);
      g_assert_cmpint (dh_transfer_get_current_bytes (transfer), ==,
                       dh_transfer_get_total_bytes (transfer));
      g_assert_cmpint (dh_transfer_get_eta (transfer), ==, 0);
      for (guint i = 0; i < n_layers (transfer); i++)
        g_assert_true (dh_layer_is_complete (layer_at (transfer, i)));
    }
  else
    {
      const GError *error = dh_transfer_get_error (transfer);

      g_assert_nonnull (error);
      g_assert_error ((GError *)error, DH_ERROR, fc->error_code);
      g_assert_cmpstr (dh_transfer_get_error_message (transfer), ==, error->message);
      if (fc->error_message != NULL)
        g_assert_cmpstr (error->message, ==, fc->error_message);
      g_assert_cmpint (dh_transfer_get_eta (transfer), ==, -1);
      g_assert_cmpfloat (dh_transfer_get_speed (transfer), ==, 0.0);
      for (guint i = 0; i < n_layers (transfer); i++)
        g_assert_false (dh_layer_is_complete (layer_at (transfer, i)));
    }

  if (fc->bytes_seen && fc->state == DH_TRANSFER_STATE_SUCCEEDED)
    g_assert_cmpint (dh_transfer_get_total_bytes (transfer), >, 3 * 8000000);
}

/* The libpod push error names the registry that could not be reached. */
static void
test_fixture_libpod_error_text (void)
{
  g_autofree char *text = load_fixture ("podman-libpod-pull-error.jsonl");
  g_autoptr(DhTransfer) transfer = new_transfer (DH_TRANSFER_KIND_PULL);
  g_auto(GStrv) lines = g_strsplit (text, "\n", -1);

  for (guint i = 0; lines[i] != NULL; i++)
    apply_ok (transfer, lines[i]);

  g_assert_cmpint (dh_transfer_get_state (transfer), ==, DH_TRANSFER_STATE_FAILED);
  g_assert_nonnull (strstr (dh_transfer_get_error_message (transfer), "manifest unknown"));
}

/* ---- docker's words ----------------------------------------------------- */

static DhLayer *
find_layer (DhTransfer *transfer,
            const char *id)
{
  for (guint i = 0; i < n_layers (transfer); i++)
    if (g_str_equal (dh_layer_get_id (layer_at (transfer, i)), id))
      return layer_at (transfer, i);

  return NULL;
}

typedef struct
{
  const char     *file;
  DhTransferKind  kind;
  const char     *last_words;  /* of every layer at the end */
} WordsCase;

/* Each layer says what docker printed for it last: on Docker's recorded
 * streams, after every line, the line's own status. Podman prints other
 * words; its layers get docker's for the same state. */
static void
test_docker_words (void)
{
  static const WordsCase cases[] = {
    { "docker-push-fresh.jsonl", DH_TRANSFER_KIND_PUSH, "Pushed" },
    { "docker-push-exists.jsonl", DH_TRANSFER_KIND_PUSH, "Layer already exists" },
    { "docker-push-mounted.jsonl", DH_TRANSFER_KIND_PUSH, "Mounted from dhrec/multi" },
    { "docker-push-error-unauthorized.jsonl", DH_TRANSFER_KIND_PUSH, "Preparing" },
    { "docker-push-truncated.jsonl", DH_TRANSFER_KIND_PUSH, NULL },
    { "docker-pull-fresh.jsonl", DH_TRANSFER_KIND_PULL, "Pull complete" },
    { "podman-libpod-push.jsonl", DH_TRANSFER_KIND_PUSH, "Pushed" },
    { "podman-libpod-push-error.jsonl", DH_TRANSFER_KIND_PUSH, "Pushing" },
    { "podman-compat-pull.jsonl", DH_TRANSFER_KIND_PULL, "Pull complete" },
    { "podman-compat-pull-exists.jsonl", DH_TRANSFER_KIND_PULL, "Already exists" },
    { "podman-libpod-pull.jsonl", DH_TRANSFER_KIND_PULL, "Pull complete" },
  };
  static const char *docker_words[] = {
    "Preparing", "Waiting", "Pushing", "Pushed", "Layer already exists", "Pulling fs layer",
    "Downloading", "Verifying Checksum", "Download complete", "Extracting", "Pull complete",
    "Already exists",
  };
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);

  for (guint c = 0; c < G_N_ELEMENTS (cases); c++)
    {
      g_autofree char *text = load_fixture (cases[c].file);
      g_autoptr(DhTransfer) transfer = dh_transfer_new (cases[c].kind, "127.0.0.1:41000/dhrec/multi:1.0");
      g_auto(GStrv) lines = g_strsplit (text, "\n", -1);
      gboolean docker = g_str_has_prefix (cases[c].file, "docker-");

      for (guint i = 0; lines[i] != NULL; i++)
        {
          g_autoptr(JsonParser) parser = json_parser_new ();
          JsonObject *object;
          const char *id;
          const char *status;
          DhLayer *layer;

          apply_ok (transfer, lines[i]);

          if (!docker || *g_strstrip (lines[i]) == '\0')
            continue;
          g_assert_true (json_parser_load_from_data (parser, lines[i], -1, NULL));
          object = json_node_get_object (json_parser_get_root (parser));
          if (!json_object_has_member (object, "id") || !json_object_has_member (object, "status"))
            continue;
          id = json_object_get_string_member (object, "id");
          status = json_object_get_string_member (object, "status");
          if ((layer = find_layer (transfer, id)) != NULL)
            {
              g_autofree char *words = dh_layer_dup_docker_status (layer, cases[c].kind);

              g_assert_cmpstr (words, ==, status);
              g_hash_table_add (seen, (gpointer)g_intern_string (words));
            }
        }

      g_assert_cmpuint (n_layers (transfer), >, 0);
      for (guint i = 0; i < n_layers (transfer) && cases[c].last_words != NULL; i++)
        {
          g_autofree char *words = dh_layer_dup_docker_status (layer_at (transfer, i), cases[c].kind);

          g_assert_cmpstr (words, ==, cases[c].last_words);
        }
    }

  /* Docker's recordings hold every per-layer word but "Waiting" and the
   * pull's "Already exists" (test_docker_words_synthetic()). */
  for (guint i = 0; i < G_N_ELEMENTS (docker_words); i++)
    if (!g_str_equal (docker_words[i], "Waiting") && !g_str_equal (docker_words[i], "Already exists"))
      g_assert_true (g_hash_table_contains (seen, docker_words[i]));
}

/* States the recordings do not reach. */
static void
test_docker_words_synthetic (void)
{
  static const struct {
    DhTransferKind  kind;
    const char     *line;
    const char     *words;
  } cases[] = {
    { DH_TRANSFER_KIND_PUSH, "{\"status\":\"Waiting\",\"progressDetail\":{},\"id\":\"aaaaaaaaaaaa\"}", "Waiting" },
    { DH_TRANSFER_KIND_PULL, "{\"status\":\"Waiting\",\"progressDetail\":{},\"id\":\"aaaaaaaaaaaa\"}", "Waiting" },
    { DH_TRANSFER_KIND_PULL, "{\"status\":\"Already exists\",\"progressDetail\":{},\"id\":\"aaaaaaaaaaaa\"}",
      "Already exists" },
    { DH_TRANSFER_KIND_PUSH, "{\"status\":\"Retrying in 5 seconds\",\"progressDetail\":{},\"id\":\"aaaaaaaaaaaa\"}",
      "Retrying in 5 seconds" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(DhTransfer) transfer = dh_transfer_new (cases[i].kind, "127.0.0.1:41000/dhrec/multi:1.0");
      g_autofree char *words = NULL;

      apply_ok (transfer, cases[i].line);
      words = dh_layer_dup_docker_status (layer_at (transfer, 0), cases[i].kind);
      g_assert_cmpstr (words, ==, cases[i].words);
    }
}

/* The registry's digest for a push the engine named none for. */
static void
test_registry_digest (void)
{
  static const char good[] = "sha256:1111111111111111111111111111111111111111111111111111111111111111";
  g_autoptr(DhTransfer) running = new_transfer (DH_TRANSFER_KIND_PUSH);
  g_autoptr(DhTransfer) pushed = new_transfer (DH_TRANSFER_KIND_PUSH);
  g_autoptr(DhTransfer) named = new_transfer (DH_TRANSFER_KIND_PUSH);
  g_autoptr(DhTransfer) pulled = new_transfer (DH_TRANSFER_KIND_PULL);

  /* not before the push succeeded */
  g_assert_false (dh_transfer_set_registry_digest (running, good));
  g_assert_null (dh_transfer_get_digest (running));

  /* libpod: blobs, no digest */
  apply_ok (pushed, "{\"stream\":\"Copying blob sha256:aaaaaaaaaaaa0123456789abcdef0123456789abcdef0123456789abcdef\\n\"}");
  apply_ok (pushed, "{\"stream\":\"Writing manifest to image destination\\n\"}");
  dh_transfer_finish_stream (pushed);
  g_assert_cmpint (dh_transfer_get_state (pushed), ==, DH_TRANSFER_STATE_SUCCEEDED);
  g_assert_null (dh_transfer_get_digest (pushed));
  g_assert_false (dh_transfer_set_registry_digest (pushed, "sha256:1234"));
  g_assert_false (dh_transfer_set_registry_digest (pushed, "sha256:AAAA111111111111111111111111111111111111111111111111111111111111"));
  g_assert_false (dh_transfer_set_registry_digest (pushed, "md5:11111111111111111111111111111111111111111111111111111111111111111"));
  g_assert_null (dh_transfer_get_digest (pushed));
  g_assert_true (dh_transfer_set_registry_digest (pushed, good));
  g_assert_cmpstr (dh_transfer_get_digest (pushed), ==, good);

  /* never instead of the engine's */
  apply_ok (named, "{\"status\":\"1.0: digest: sha256:2222222222222222222222222222222222222222222222222222222222222222 size: 949\"}");
  dh_transfer_finish_stream (named);
  g_assert_false (dh_transfer_set_registry_digest (named, good));
  g_assert_cmpstr (dh_transfer_get_digest (named), ==,
                   "sha256:2222222222222222222222222222222222222222222222222222222222222222");

  /* not for pulls */
  apply_ok (pulled, "{\"status\":\"Status: Image is up to date for x\"}");
  dh_transfer_finish_stream (pulled);
  g_assert_false (dh_transfer_set_registry_digest (pulled, good));
}

/* ---- synthetic cases ---------------------------------------------------- */

static const char *push_stream[] = {
  "{\"status\":\"The push refers to repository [127.0.0.1:41000/dhrec/multi]\"}",
  "{\"status\":\"Preparing\",\"progressDetail\":{},\"id\":\"aaaaaaaaaaaa\"}",
  "{\"status\":\"Preparing\",\"progressDetail\":{},\"id\":\"bbbbbbbbbbbb\"}",
  "{\"status\":\"Pushing\",\"progressDetail\":{\"current\":1000,\"total\":4000},\"id\":\"aaaaaaaaaaaa\"}",
  "{\"status\":\"Layer already exists\",\"progressDetail\":{},\"id\":\"bbbbbbbbbbbb\"}",
  "{\"status\":\"Pushing\",\"progressDetail\":{\"current\":4100,\"total\":4000},\"id\":\"aaaaaaaaaaaa\"}",
  "{\"status\":\"Pushed\",\"progressDetail\":{},\"id\":\"aaaaaaaaaaaa\"}",
  "{\"status\":\"1.0: digest: sha256:1111111111111111111111111111111111111111111111111111111111111111 size: 527\"}",
  "{\"progressDetail\":{},\"aux\":{\"Tag\":\"1.0\",\"Digest\":\"sha256:1111111111111111111111111111111111111111111111111111111111111111\",\"Size\":527}}",
};

static void
test_malformed_lines (void)
{
  g_autoptr(DhTransfer) transfer = new_transfer (DH_TRANSFER_KIND_PUSH);
  const char *bad[] = {
    "not json",
    "[1,2,3]",
    "5",
    "\"a string\"",
    "null",
    "{\"status\":5}",
    "{\"status\":\"Pushing\",\"id\":\"aaaaaaaaaaaa\"",
    "{\"status\":\"Pushing\",\"id\":7}",
    "{\"status\":\"Pushing\",\"id\":\"aaaaaaaaaaaa\",\"progressDetail\":\"50%\"}",
    "{\"status\":\"Pushing\",\"id\":\"aaaaaaaaaaaa\",\"progressDetail\":{\"current\":\"x\"}}",
    "{\"status\":\"Pushing\",\"id\":\"aaaaaaaaaaaa\",\"progressDetail\":{\"total\":-5}}",
    "{\"errorDetail\":\"boom\"}",
    "{\"error\":{\"message\":\"boom\"}}",
    "{\"stream\":[\"Copying blob\"]}",
    "}{",
  };
  Counters counters = { 0 };
  DhLayer *layer;

  apply_ok (transfer, push_stream[0]);
  apply_ok (transfer, push_stream[1]);
  apply_ok (transfer, push_stream[3]);
  layer = layer_at (transfer, 0);

  g_signal_connect (transfer, "notify", G_CALLBACK (count_notify_cb), &counters);
  g_signal_connect (layer, "notify", G_CALLBACK (count_notify_cb), &counters);

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    apply_bad (transfer, bad[i], -1);

  /* An embedded NUL: the line is what @len says. */
  apply_bad (transfer, "{\"status\":\"Push\0ing\"}", 21);

  /* Nothing moved. */
  g_assert_cmpuint (counters.n_notify, ==, 0);
  g_assert_cmpint (dh_transfer_get_state (transfer), ==, DH_TRANSFER_STATE_RUNNING);
  g_assert_cmpuint (n_layers (transfer), ==, 1);
  g_assert_cmpint (dh_layer_get_current (layer), ==, 1000);
  g_assert_cmpint (dh_layer_get_phase (layer), ==, DH_LAYER_PHASE_UPLOADING);

  /* The transfer goes on and can still succeed. */
  for (guint i = 2; i < G_N_ELEMENTS (push_stream); i++)
    apply_ok (transfer, push_stream[i]);
  dh_transfer_finish_stream (transfer);

  g_assert_cmpint (dh_transfer_get_state (transfer), ==, DH_TRANSFER_STATE_SUCCEEDED);
  g_assert_cmpstr (dh_transfer_get_digest (transfer), ==,
                   "sha256:1111111111111111111111111111111111111111111111111111111111111111");
}

static void
test_empty_lines (void)
{
  g_autoptr(DhTransfer) transfer = new_transfer (DH_TRANSFER_KIND_PUSH);
  g_autoptr(GError) error = NULL;
  Counters counters = { 0 };

  g_signal_connect (transfer, "notify", G_CALLBACK (count_notify_cb), &counters);

  apply_ok (transfer, "");
  apply_ok (transfer, "\r\n");
  apply_ok (transfer, "\n");
  apply_ok (transfer, "   \t \r\n");
  g_assert_true (dh_transfer_apply_line (transfer, NULL, 0, &error));
  g_assert_no_error (error);
  g_assert_true (dh_transfer_apply_line (transfer, "{\"status\":\"Preparing\"}", 0, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (counters.n_notify, ==, 0);

  /* Docker's "\r\n" framing and trailing blanks. */
  apply_ok (transfer, "{\"status\":\"Preparing\",\"progressDetail\":{},\"id\":\"aaaaaaaaaaaa\"}\r\n");
  apply_ok (transfer, "{\"status\":\"Pushing\",\"progressDetail\":{\"current\":5,\"total\":10},\"id\":\"aaaaaaaaaaaa\"}  \r");
  g_assert_cmpuint (n_layers (transfer), ==, 1);
  g_assert_cmpint (dh_layer_get_current (layer_at (transfer, 0)), ==, 5);
  g_assert_cmpint (dh_transfer_get_total_bytes (transfer), ==, 10);

  /* Only blank lines and progress: no marker, so no success. */
  dh_transfer_finish_stream (transfer);
  g_assert_cmpint (dh_transfer_get_state (transfer), ==, DH_TRANSFER_STATE_FAILED);
  g_assert_error ((GError *)dh_transfer_get_error (transfer), DH_ERROR, DH_ERROR_ENGINE_GONE);
}

static void
test_empty_stream (void)
{
  g_autoptr(DhTransfer) pull = new_transfer (DH_TRANSFER_KIND_PULL);

  /* No line at all: even podman's marker-less compat pull is not a
   * success. */
  apply_ok (pull, "\r\n");
  dh_transfer_finish_stream (pull);
  g_assert_cmpint (dh_transfer_get_state (pull), ==, DH_TRANSFER_STATE_FAILED);
  g_assert_cmpstr (dh_transfer_get_error_message (pull), ==,
                   "The engine closed the stream before the pull finished; nothing was confirmed. Try again.");
}

static void
test_containerd_push (void)
{
  g_autoptr(DhTransfer) transfer = new_transfer (DH_TRANSFER_KIND_PUSH);
  const char *lines[] = {
    "{\"status\":\"The push refers to repository [docker.io/alice/app]\"}",
    "{\"status\":\"Waiting\",\"progressDetail\":{},\"id\":\"aaaaaaaaaaaa\"}",
    "{\"status\":\"Waiting\",\"progressDetail\":{},\"id\":\"bbbbbbbbbbbb\"}",
    "{\"status\":\"Pushing\",\"progressDetail\":{\"current\":100,\"total\":200},\"id\":\"aaaaaaaaaaaa\"}",
    "{\"status\":\"Already exists\",\"progressDetail\":{},\"id\":\"cccccccccccc\"}",
    "{\"status\":\"Unavailable\",\"progressDetail\":{},\"id\":\"dddddddddddd\"}",
    "{\"status\":\"Mounted from alice/base\",\"progressDetail\":{},\"id\":\"bbbbbbbbbbbb\"}",
    "{\"status\":\"Pushed\",\"progressDetail\":{},\"id\":\"aaaaaaaaaaaa\"}",
    "{\"progressDetail\":{},\"aux\":{\"manifestPushedInsteadOfIndex\":true,\"originalIndex\":{},\"selectedManifest\":{}}}",
    "{\"status\":\"v1: digest: sha256:2222222222222222222222222222222222222222222222222222222222222222 size: 1234\"}",
  };

  for (guint i = 0; i < G_N_ELEMENTS (lines); i++)
    apply_ok (transfer, lines[i]);
  dh_transfer_finish_stream (transfer);

  g_assert_cmpint (dh_transfer_get_state (transfer), ==, DH_TRANSFER_STATE_SUCCEEDED);
  /* The config/manifest blob ("Already exists") and "Unavailable" are no rows. */
  g_assert_cmpuint (n_layers (transfer), ==, 2);
  g_assert_cmpint (dh_layer_get_phase (layer_at (transfer, 0)), ==, DH_LAYER_PHASE_DONE);
  g_assert_cmpint (dh_layer_get_phase (layer_at (transfer, 1)), ==, DH_LAYER_PHASE_MOUNTED);
  g_assert_cmpstr (dh_layer_get_mounted_from (layer_at (transfer, 1)), ==, "alice/base");
  g_assert_cmpstr (dh_transfer_get_digest (transfer), ==,
                   "sha256:2222222222222222222222222222222222222222222222222222222222222222");
  g_assert_cmpint (dh_transfer_get_current_bytes (transfer), ==, 200);
  g_assert_cmpint (dh_transfer_get_total_bytes (transfer), ==, 200);
}

static void
test_containerd_pull (void)
{
  g_autoptr(DhTransfer) transfer = new_transfer (DH_TRANSFER_KIND_PULL);
  DhLayer *layer;

  apply_ok (transfer, "{\"status\":\"Pulling from library/alpine\",\"id\":\"3.20\"}");
  apply_ok (transfer, "{\"status\":\"Pulling fs layer\",\"progressDetail\":{},\"id\":\"aaaaaaaaaaaa\"}");
  g_assert_cmpuint (n_layers (transfer), ==, 1);
  layer = layer_at (transfer, 0);
  g_assert_cmpstr (dh_layer_get_id (layer), ==, "aaaaaaaaaaaa");
  g_assert_cmpint (dh_layer_get_phase (layer), ==, DH_LAYER_PHASE_PREPARING);

  apply_ok (transfer, "{\"status\":\"Downloading\",\"progressDetail\":{\"current\":1048576,\"total\":3623807},\"id\":\"aaaaaaaaaaaa\"}");
  g_assert_cmpint (dh_layer_get_phase (layer), ==, DH_LAYER_PHASE_DOWNLOADING);
  g_assert_cmpint (dh_transfer_get_current_bytes (transfer), ==, 1048576);
  g_assert_cmpint (dh_transfer_get_total_bytes (transfer), ==, 3623807);

  apply_ok (transfer, "{\"status\":\"Download complete\",\"progressDetail\":{\"hidecounts\":true},\"id\":\"aaaaaaaaaaaa\"}");
  g_assert_cmpint (dh_layer_get_phase (layer), ==, DH_LAYER_PHASE_DOWNLOADED);
  g_assert_false (dh_layer_is_complete (layer));
  g_assert_cmpint (dh_transfer_get_current_bytes (transfer), ==, 3623807);

  /* Elapsed seconds, not bytes. */
  apply_ok (transfer, "{\"status\":\"Extracting\",\"progressDetail\":{\"current\":1,\"units\":\"s\"},\"id\":\"aaaaaaaaaaaa\"}");
  apply_ok (transfer, "{\"status\":\"Extracting\",\"progressDetail\":{\"current\":2,\"units\":\"s\"},\"id\":\"aaaaaaaaaaaa\"}");
  g_assert_cmpint (dh_layer_get_phase (layer), ==, DH_LAYER_PHASE_EXTRACTING);
  g_assert_cmpint (dh_layer_get_current (layer), ==, 1048576);
  g_assert_cmpint (dh_layer_get_total (layer), ==, 3623807);
  g_assert_cmpint (dh_transfer_get_current_bytes (transfer), ==, 3623807);

  apply_ok (transfer, "{\"status\":\"Pull complete\",\"progressDetail\":{\"hidecounts\":true},\"id\":\"aaaaaaaaaaaa\"}");
  g_assert_cmpint (dh_layer_get_phase (layer), ==, DH_LAYER_PHASE_DONE);
  g_assert_cmpint (dh_layer_get_current (layer), ==, 3623807);
  g_assert_cmpfloat (dh_layer_get_fraction (layer), ==, 1.0);

  apply_ok (transfer, "{\"status\":\"WARNING: AI models are not supported by the Engine yet, did you mean to use docker model pull/run instead?\"}");
  apply_ok (transfer, "{\"status\":\"Digest: sha256:3333333333333333333333333333333333333333333333333333333333333333\"}");
  g_assert_cmpint (dh_transfer_get_state (transfer), ==, DH_TRANSFER_STATE_RUNNING);
  apply_ok (transfer, "{\"status\":\"Status: Downloaded newer image for alpine:3.20\"}");
  dh_transfer_finish_stream (transfer);

  g_assert_cmpint (dh_transfer_get_state (transfer), ==, DH_TRANSFER_STATE_SUCCEEDED);
  g_assert_cmpint (dh_transfer_get_pull_outcome (transfer), ==, DH_PULL_OUTCOME_DOWNLOADED);
  g_assert_cmpuint (n_layers (transfer), ==, 1);
}

static void
test_retrying (void)
{
  g_autoptr(DhTransfer) transfer = new_transfer (DH_TRANSFER_KIND_PUSH);
  DhLayer *layer;

  apply_ok (transfer, "{\"status\":\"Preparing\",\"progressDetail\":{},\"id\":\"aaaaaaaaaaaa\"}");
  apply_ok (transfer, "{\"status\":\"Pushing\",\"progressDetail\":{\"current\":300,\"total\":1000},\"id\":\"aaaaaaaaaaaa\"}");
  layer = layer_at (transfer, 0);

  apply_ok (transfer, "{\"status\":\"Retrying in 5 seconds\",\"progressDetail\":{},\"id\":\"aaaaaaaaaaaa\"}");
  g_assert_cmpint (dh_layer_get_phase (layer), ==, DH_LAYER_PHASE_RETRYING);
  g_assert_cmpstr (dh_layer_get_status_text (layer), ==, "Retrying in 5 seconds");
  apply_ok (transfer, "{\"status\":\"Retrying in 4 seconds\",\"progressDetail\":{},\"id\":\"aaaaaaaaaaaa\"}");
  g_assert_cmpstr (dh_layer_get_status_text (layer), ==, "Retrying in 4 seconds");
  g_assert_false (dh_layer_is_complete (layer));

  apply_ok (transfer, "{\"status\":\"Pushing\",\"progressDetail\":{\"current\":100,\"total\":1000},\"id\":\"aaaaaaaaaaaa\"}");
  g_assert_cmpint (dh_layer_get_phase (layer), ==, DH_LAYER_PHASE_UPLOADING);
  g_assert_cmpint (dh_layer_get_current (layer), ==, 100);
  apply_ok (transfer, "{\"status\":\"Pushed\",\"progressDetail\":{},\"id\":\"aaaaaaaaaaaa\"}");
  g_assert_cmpint (dh_layer_get_phase (layer), ==, DH_LAYER_PHASE_DONE);
  g_assert_cmpint (dh_layer_get_current (layer), ==, 1000);
  g_assert_cmpint (dh_transfer_get_current_bytes (transfer), ==, 1000);
}

static void
test_line_after_finish (void)
{
  g_autoptr(DhTransfer) transfer = new_transfer (DH_TRANSFER_KIND_PUSH);
  Counters counters = { 0 };

  for (guint i = 0; i < G_N_ELEMENTS (push_stream); i++)
    apply_ok (transfer, push_stream[i]);
  dh_transfer_finish_stream (transfer);
  g_assert_cmpint (dh_transfer_get_state (transfer), ==, DH_TRANSFER_STATE_SUCCEEDED);

  g_signal_connect (transfer, "notify", G_CALLBACK (count_notify_cb), &counters);
  apply_ok (transfer, "{\"errorDetail\":{\"message\":\"unauthorized: late\"},\"error\":\"unauthorized: late\"}");
  apply_ok (transfer, "{\"status\":\"Pushing\",\"progressDetail\":{\"current\":1,\"total\":9},\"id\":\"eeeeeeeeeeee\"}");
  apply_ok (transfer, "not even json");
  dh_transfer_finish_stream (transfer);
  dh_transfer_cancel_stream (transfer);

  g_assert_cmpuint (counters.n_notify, ==, 0);
  g_assert_cmpint (dh_transfer_get_state (transfer), ==, DH_TRANSFER_STATE_SUCCEEDED);
  g_assert_cmpuint (n_layers (transfer), ==, 2);
  g_assert_null (dh_transfer_get_error (transfer));
}

static void
test_fail (void)
{
  g_autoptr(DhTransfer) transfer = new_transfer (DH_TRANSFER_KIND_PULL);
  g_autoptr(GError) error = g_error_new_literal (DH_ERROR, DH_ERROR_NOT_FOUND,
                                                 "manifest for alice/app:9 not found");
  const GError *stored;

  apply_ok (transfer, "{\"status\":\"Pulling from alice/app\",\"id\":\"9\"}");
  apply_ok (transfer, "{\"status\":\"Pulling fs layer\",\"progressDetail\":{},\"id\":\"aaaaaaaaaaaa\"}");
  apply_ok (transfer, "{\"status\":\"Downloading\",\"progressDetail\":{\"current\":10,\"total\":100},\"id\":\"aaaaaaaaaaaa\"}");
  fake_now += G_USEC_PER_SEC;
  apply_ok (transfer, "{\"status\":\"Downloading\",\"progressDetail\":{\"current\":60,\"total\":100},\"id\":\"aaaaaaaaaaaa\"}");
  g_assert_cmpfloat (dh_transfer_get_speed (transfer), >, 0.0);

  dh_transfer_fail (transfer, error);
  stored = dh_transfer_get_error (transfer);
  g_assert_true (stored != error);
  g_assert_error ((GError *)stored, DH_ERROR, DH_ERROR_NOT_FOUND);
  g_assert_cmpstr (dh_transfer_get_error_message (transfer), ==, "manifest for alice/app:9 not found");
  g_assert_cmpint (dh_transfer_get_state (transfer), ==, DH_TRANSFER_STATE_FAILED);
  g_assert_cmpint (dh_transfer_get_finished_at (transfer), >, 0);
  g_assert_cmpfloat (dh_transfer_get_speed (transfer), ==, 0.0);
  g_assert_cmpint (dh_transfer_get_eta (transfer), ==, -1);

  /* The layer did not complete, and keeps what it had. */
  g_assert_cmpint (dh_layer_get_phase (layer_at (transfer, 0)), ==, DH_LAYER_PHASE_DOWNLOADING);
  g_assert_cmpint (dh_layer_get_current (layer_at (transfer, 0)), ==, 60);
  g_assert_false (dh_layer_is_complete (layer_at (transfer, 0)));

  /* The first ending wins. */
  dh_transfer_finish_stream (transfer);
  dh_transfer_cancel_stream (transfer);
  g_assert_cmpint (dh_transfer_get_state (transfer), ==, DH_TRANSFER_STATE_FAILED);
  g_assert_error ((GError *)dh_transfer_get_error (transfer), DH_ERROR, DH_ERROR_NOT_FOUND);
}

static void
test_cancel (void)
{
  g_autoptr(DhTransfer) transfer = new_transfer (DH_TRANSFER_KIND_PUSH);

  for (guint i = 0; i < 4; i++)
    apply_ok (transfer, push_stream[i]);

  dh_transfer_cancel_stream (transfer);
  g_assert_cmpint (dh_transfer_get_state (transfer), ==, DH_TRANSFER_STATE_CANCELLED);
  g_assert_error ((GError *)dh_transfer_get_error (transfer), G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_cmpint (dh_transfer_get_finished_at (transfer), >, 0);
  g_assert_false (dh_layer_is_complete (layer_at (transfer, 0)));
  g_assert_cmpint (dh_layer_get_phase (layer_at (transfer, 0)), ==, DH_LAYER_PHASE_UPLOADING);

  /* Even the marker, arriving late, changes nothing. */
  for (guint i = 4; i < G_N_ELEMENTS (push_stream); i++)
    apply_ok (transfer, push_stream[i]);
  dh_transfer_finish_stream (transfer);
  g_assert_cmpint (dh_transfer_get_state (transfer), ==, DH_TRANSFER_STATE_CANCELLED);
  g_assert_null (dh_transfer_get_digest (transfer));
}

static void
test_notify_counts (void)
{
  g_autoptr(DhTransfer) transfer = new_transfer (DH_TRANSFER_KIND_PUSH);
  const char *pushing = "{\"status\":\"Pushing\",\"progressDetail\":{\"current\":100,\"total\":1000},\"id\":\"aaaaaaaaaaaa\"}";
  Counters transfer_counters = { 0 };
  Counters layer_counters = { 0 };
  DhLayer *layer;

  apply_ok (transfer, "{\"status\":\"Preparing\",\"progressDetail\":{},\"id\":\"aaaaaaaaaaaa\"}");
  layer = layer_at (transfer, 0);
  g_signal_connect (transfer, "notify", G_CALLBACK (count_notify_cb), &transfer_counters);
  g_signal_connect (layer, "notify", G_CALLBACK (count_notify_cb), &layer_counters);

  apply_ok (transfer, pushing);
  g_assert_cmpuint (layer_counters.n_notify, >, 0);
  g_assert_cmpuint (transfer_counters.n_notify, >, 0);

  /* Same line again: nothing changed, nothing notified. */
  transfer_counters.n_notify = layer_counters.n_notify = 0;
  apply_ok (transfer, pushing);
  apply_ok (transfer, pushing);
  g_assert_cmpuint (layer_counters.n_notify, ==, 0);
  g_assert_cmpuint (transfer_counters.n_notify, ==, 0);

  /* Only "current" (and "fraction") move for the next chunk. */
  apply_ok (transfer, "{\"status\":\"Pushing\",\"progressDetail\":{\"current\":200,\"total\":1000},\"id\":\"aaaaaaaaaaaa\"}");
  g_assert_cmpuint (layer_counters.n_notify, ==, 2);
  /* current-bytes and fraction */
  g_assert_cmpuint (transfer_counters.n_notify, ==, 2);
}

#define PUSHING(cur, tot) \
  "{\"status\":\"Pushing\",\"progressDetail\":{\"current\":" #cur ",\"total\":" #tot "},\"id\":\"aaaaaaaaaaaa\"}"

static void
test_speed_and_eta (void)
{
  g_autoptr(DhTransfer) transfer = new_transfer (DH_TRANSFER_KIND_PUSH);
  double speed;

  g_assert_cmpint (dh_transfer_get_eta (transfer), ==, -1);
  apply_ok (transfer, PUSHING (0, 10000000));
  g_assert_cmpfloat (dh_transfer_get_speed (transfer), ==, 0.0);

  /* One second in: a speed, but no time left yet. */
  fake_now += G_USEC_PER_SEC;
  apply_ok (transfer, PUSHING (1000000, 10000000));
  g_assert_cmpfloat_with_epsilon (dh_transfer_get_speed (transfer), 1000000.0, 1.0);
  g_assert_cmpint (dh_transfer_get_eta (transfer), ==, -1);

  /* Three seconds of a steady rate: now it means something. */
  fake_now += G_USEC_PER_SEC;
  apply_ok (transfer, PUSHING (2000000, 10000000));
  g_assert_cmpint (dh_transfer_get_eta (transfer), ==, -1);
  fake_now += G_USEC_PER_SEC;
  apply_ok (transfer, PUSHING (3000000, 10000000));
  g_assert_cmpfloat_with_epsilon (dh_transfer_get_speed (transfer), 1000000.0, 1.0);
  g_assert_cmpint (dh_transfer_get_eta (transfer), ==, 7);

  /* Within 100 ms of the last sample: no new estimate. */
  fake_now += 50 * G_TIME_SPAN_MILLISECOND;
  apply_ok (transfer, PUSHING (3900000, 10000000));
  g_assert_cmpfloat_with_epsilon (dh_transfer_get_speed (transfer), 1000000.0, 1.0);
  g_assert_cmpint (dh_transfer_get_eta (transfer), ==, 7);

  /* A burst moves the estimate only part of the way (smoothing). */
  fake_now += 950 * G_TIME_SPAN_MILLISECOND;
  apply_ok (transfer, PUSHING (6000000, 10000000));
  speed = dh_transfer_get_speed (transfer);
  g_assert_cmpfloat (speed, >, 1000000.0);
  g_assert_cmpfloat (speed, <, 3000000.0);
  g_assert_cmpint (dh_transfer_get_eta (transfer), ==, (gint64)(4000000 / speed) + 1);

  /* A stall decays it, and time left goes away rather than lie. */
  for (guint i = 0; i < 30; i++)
    {
      fake_now += G_USEC_PER_SEC;
      apply_ok (transfer, PUSHING (6000000, 10000000));
    }
  g_assert_cmpfloat (dh_transfer_get_speed (transfer), <, speed / 100);
  g_assert_cmpint (dh_transfer_get_eta (transfer), ==, -1);
}

/* A burst at the start (the first layer's bytes read at once) gives a
 * speed, but no time left. */
static void
test_eta_burst_at_start (void)
{
  g_autoptr(DhTransfer) transfer = new_transfer (DH_TRANSFER_KIND_PUSH);

  apply_ok (transfer, PUSHING (0, 209700000));
  fake_now += 500 * G_TIME_SPAN_MILLISECOND;
  apply_ok (transfer, PUSHING (26100000, 209700000));
  g_assert_cmpfloat (dh_transfer_get_speed (transfer), >, 0.0);
  g_assert_cmpint (dh_transfer_get_eta (transfer), ==, -1);
}

static void
test_eta_rule (void)
{
  const gint64 mib = 1024 * 1024;

  /* enough of everything */
  g_assert_cmpint (dh_transfer_estimate_seconds_left (100 * mib, 10 * mib, 110 * mib, mib, mib, 10), ==, 100);
  /* rounded up */
  g_assert_cmpint (dh_transfer_estimate_seconds_left (mib + 1, 10 * mib, 110 * mib, mib, mib, 10), ==, 2);
  /* too early */
  g_assert_cmpint (dh_transfer_estimate_seconds_left (100 * mib, 10 * mib, 110 * mib, mib, mib, 2.9), ==, -1);
  /* too few bytes: under 1 MiB, or under 2 % of the total */
  g_assert_cmpint (dh_transfer_estimate_seconds_left (10 * mib, mib - 1, 11 * mib, mib, mib, 10), ==, -1);
  g_assert_cmpint (dh_transfer_estimate_seconds_left (1000 * mib, 19 * mib, 1019 * mib, mib, mib, 10), ==, -1);
  g_assert_cmpint (dh_transfer_estimate_seconds_left (1000 * mib, 21 * mib, 1021 * mib, mib, mib, 10), ==, 1000);
  /* not steady: the speed far from the average, either way */
  g_assert_cmpint (dh_transfer_estimate_seconds_left (100 * mib, 10 * mib, 110 * mib, 2.1 * mib, mib, 10), ==, -1);
  g_assert_cmpint (dh_transfer_estimate_seconds_left (100 * mib, 10 * mib, 110 * mib, 0.49 * mib, mib, 10), ==, -1);
  g_assert_cmpint (dh_transfer_estimate_seconds_left (100 * mib, 10 * mib, 110 * mib, 2 * mib, mib, 10), ==, 50);
  /* nothing known or nothing left */
  g_assert_cmpint (dh_transfer_estimate_seconds_left (0, 10 * mib, 10 * mib, mib, mib, 10), ==, -1);
  g_assert_cmpint (dh_transfer_estimate_seconds_left (100 * mib, 10 * mib, 0, mib, mib, 10), ==, -1);
  g_assert_cmpint (dh_transfer_estimate_seconds_left (100 * mib, 10 * mib, 110 * mib, 0, mib, 10), ==, -1);
}

/* The image's layers, known before the stream: the list and the total
 * from the start; layers already on the registry count as done. */
static void
test_expected_layers (void)
{
  g_autoptr(DhTransfer) transfer = new_transfer (DH_TRANSFER_KIND_PUSH);

  dh_transfer_expect_layer (transfer, "sha256:aaaaaaaaaaaa0123456789abcdef0123456789abcdef0123456789abcdef", 100000000);
  dh_transfer_expect_layer (transfer, "sha256:bbbbbbbbbbbb0123456789abcdef0123456789abcdef0123456789abcdef", 80000000);
  dh_transfer_expect_layer (transfer, "cccccccccccc", 29700000);
  /* twice, or not a layer id: nothing */
  dh_transfer_expect_layer (transfer, "sha256:aaaaaaaaaaaa0123456789abcdef0123456789abcdef0123456789abcdef", 100000000);
  dh_transfer_expect_layer (transfer, "not-hex-at-all", 5);
  dh_transfer_expect_layer (transfer, "abc", 5);

  g_assert_cmpuint (n_layers (transfer), ==, 3);
  g_assert_cmpint (dh_transfer_get_total_bytes (transfer), ==, 209700000);
  g_assert_cmpint (dh_transfer_get_current_bytes (transfer), ==, 0);
  g_assert_cmpfloat (dh_transfer_get_fraction (transfer), ==, 0.0);

  /* Only the first layer has started: the total is still the image's. */
  apply_ok (transfer, "{\"status\":\"Preparing\",\"progressDetail\":{},\"id\":\"aaaaaaaaaaaa\"}");
  apply_ok (transfer, "{\"status\":\"Preparing\",\"progressDetail\":{},\"id\":\"bbbbbbbbbbbb\"}");
  apply_ok (transfer, "{\"status\":\"Preparing\",\"progressDetail\":{},\"id\":\"cccccccccccc\"}");
  apply_ok (transfer, "{\"status\":\"Pushing\",\"progressDetail\":{\"current\":26100000,\"total\":100000000},\"id\":\"aaaaaaaaaaaa\"}");
  g_assert_cmpuint (n_layers (transfer), ==, 3);
  g_assert_cmpint (dh_transfer_get_total_bytes (transfer), ==, 209700000);
  g_assert_cmpint (dh_transfer_get_current_bytes (transfer), ==, 26100000);

  /* Already there: done, with its size, but not "moved" (no speed). */
  apply_ok (transfer, "{\"status\":\"Layer already exists\",\"progressDetail\":{},\"id\":\"bbbbbbbbbbbb\"}");
  g_assert_cmpint (dh_transfer_get_current_bytes (transfer), ==, 106100000);
  fake_now += G_USEC_PER_SEC;
  apply_ok (transfer, "{\"status\":\"Mounted from alice/base\",\"progressDetail\":{},\"id\":\"cccccccccccc\"}");
  g_assert_cmpint (dh_transfer_get_current_bytes (transfer), ==, 135800000);
  g_assert_cmpfloat (dh_transfer_get_speed (transfer), <=, 26100000.0);

  apply_ok (transfer, "{\"status\":\"Pushed\",\"progressDetail\":{},\"id\":\"aaaaaaaaaaaa\"}");
  apply_ok (transfer, "{\"status\":\"1.0: digest: sha256:1111111111111111111111111111111111111111111111111111111111111111 size: 949\"}");
  dh_transfer_finish_stream (transfer);
  g_assert_cmpint (dh_transfer_get_state (transfer), ==, DH_TRANSFER_STATE_SUCCEEDED);
  g_assert_cmpint (dh_transfer_get_current_bytes (transfer), ==, 209700000);
  g_assert_cmpint (dh_transfer_get_total_bytes (transfer), ==, 209700000);
}

/* Sizes unknown, the image's total known. */
static void
test_expected_total (void)
{
  g_autoptr(DhTransfer) transfer = new_transfer (DH_TRANSFER_KIND_PUSH);

  dh_transfer_expect_total_bytes (transfer, 209700000);
  g_assert_cmpint (dh_transfer_get_total_bytes (transfer), ==, 209700000);
  apply_ok (transfer, "{\"status\":\"Pushing\",\"progressDetail\":{\"current\":26100000,\"total\":131100000},\"id\":\"aaaaaaaaaaaa\"}");
  g_assert_cmpint (dh_transfer_get_total_bytes (transfer), ==, 209700000);
  g_assert_cmpfloat_with_epsilon (dh_transfer_get_fraction (transfer), 26100000.0 / 209700000.0, 1e-9);
  apply_ok (transfer, "{\"status\":\"Pushed\",\"progressDetail\":{},\"id\":\"aaaaaaaaaaaa\"}");
  apply_ok (transfer, "{\"status\":\"1.0: digest: sha256:1111111111111111111111111111111111111111111111111111111111111111 size: 949\"}");
  dh_transfer_finish_stream (transfer);
  g_assert_cmpint (dh_transfer_get_current_bytes (transfer), ==, 209700000);
  g_assert_cmpfloat (dh_transfer_get_fraction (transfer), ==, 1.0);
}

static void
test_podman_compat_pull_config (void)
{
  g_autoptr(DhTransfer) transfer = new_transfer (DH_TRANSFER_KIND_PULL);
  Counters counters = { 0 };

  g_signal_connect (dh_transfer_get_layers (transfer), "items-changed",
                    G_CALLBACK (items_changed_cb), &counters);

  /* Blobs one after the other: each new one looks like the config until
   * the next shows up. */
  apply_ok (transfer, "{\"status\":\"Pulling fs layer\",\"progressDetail\":{},\"id\":\"aaaaaaaaaaaa\"}");
  apply_ok (transfer, "{\"status\":\"Downloading\",\"progressDetail\":{\"current\":50,\"total\":100},\"id\":\"aaaaaaaaaaaa\"}");
  apply_ok (transfer, "{\"status\":\"Download complete\",\"progressDetail\":{},\"id\":\"aaaaaaaaaaaa\"}");
  g_assert_cmpint (dh_layer_get_phase (layer_at (transfer, 0)), ==, DH_LAYER_PHASE_DONE);
  g_assert_cmpfloat (dh_transfer_get_fraction (transfer), ==, 1.0);

  apply_ok (transfer, "{\"status\":\"Pulling fs layer\",\"progressDetail\":{},\"id\":\"bbbbbbbbbbbb\"}");
  apply_ok (transfer, "{\"status\":\"Download complete\",\"progressDetail\":{},\"id\":\"bbbbbbbbbbbb\"}");
  g_assert_cmpuint (n_layers (transfer), ==, 1);

  apply_ok (transfer, "{\"status\":\"Pulling fs layer\",\"progressDetail\":{},\"id\":\"cccccccccccc\"}");
  g_assert_cmpuint (n_layers (transfer), ==, 2);
  g_assert_cmpstr (dh_layer_get_id (layer_at (transfer, 1)), ==, "bbbbbbbbbbbb");
  apply_ok (transfer, "{\"status\":\"Download complete\",\"progressDetail\":{},\"id\":\"cccccccccccc\"}");
  /* The image id (= config digest) closes the stream. */
  apply_ok (transfer, "{\"status\":\"Download complete\",\"progressDetail\":{},\"id\":\"cccccccccccc\"}");
  dh_transfer_finish_stream (transfer);

  g_assert_cmpint (dh_transfer_get_state (transfer), ==, DH_TRANSFER_STATE_SUCCEEDED);
  g_assert_cmpuint (n_layers (transfer), ==, 2);
  g_assert_cmpuint (counters.n_removed, ==, 0);
  g_assert_cmpint (dh_layer_get_phase (layer_at (transfer, 1)), ==, DH_LAYER_PHASE_DONE);
  g_assert_cmpint (dh_transfer_get_total_bytes (transfer), ==, 100);
  g_assert_cmpint (dh_transfer_get_current_bytes (transfer), ==, 100);
}

static void
test_podman_compat_pull_partial (void)
{
  g_autoptr(DhTransfer) transfer = new_transfer (DH_TRANSFER_KIND_PULL);

  /* Without byte counts the fraction counts layers. */
  apply_ok (transfer, "{\"status\":\"Pulling fs layer\",\"progressDetail\":{},\"id\":\"aaaaaaaaaaaa\"}");
  apply_ok (transfer, "{\"status\":\"Pulling fs layer\",\"progressDetail\":{},\"id\":\"bbbbbbbbbbbb\"}");
  apply_ok (transfer, "{\"status\":\"Download complete\",\"progressDetail\":{},\"id\":\"aaaaaaaaaaaa\"}");
  g_assert_cmpfloat (dh_transfer_get_fraction (transfer), ==, 0.5);

  /* An error from podman ends it. */
  apply_ok (transfer, "{\"errorDetail\":{\"message\":\"reading blob sha256:bbbb: unauthorized: authentication required\"},\"error\":\"x\"}");
  g_assert_cmpint (dh_transfer_get_state (transfer), ==, DH_TRANSFER_STATE_FAILED);
  g_assert_error ((GError *)dh_transfer_get_error (transfer), DH_ERROR, DH_ERROR_UNAUTHORIZED);
  /* errorDetail.message wins over error. */
  g_assert_cmpstr (dh_transfer_get_error_message (transfer), ==,
                   "reading blob sha256:bbbb: unauthorized: authentication required");
}

static void
test_non_layer_ids (void)
{
  g_autoptr(DhTransfer) pull = new_transfer (DH_TRANSFER_KIND_PULL);
  g_autoptr(DhTransfer) push = new_transfer (DH_TRANSFER_KIND_PUSH);

  apply_ok (pull, "{\"status\":\"Pulling from alice/app\",\"id\":\"latest\"}");
  apply_ok (pull, "{\"status\":\"Already exists\",\"progressDetail\":{},\"id\":\"aaaaaaaaaaaa\"}");
  apply_ok (pull, "{\"status\":\"Download complete\",\"progressDetail\":{},\"id\":\"ffffffffffff\"}");
  apply_ok (pull, "{\"status\":\"Something new\",\"id\":\"eeeeeeeeeeee\"}");
  apply_ok (pull, "{\"images\":[\"abc\"],\"id\":\"abc\"}");
  g_assert_cmpuint (n_layers (pull), ==, 1);
  g_assert_cmpint (dh_layer_get_phase (layer_at (pull, 0)), ==, DH_LAYER_PHASE_ALREADY_PRESENT);
  /* Docker's pull needs its "Status:" line. */
  apply_ok (pull, "{\"status\":\"Digest: sha256:4444444444444444444444444444444444444444444444444444444444444444\"}");
  dh_transfer_finish_stream (pull);
  g_assert_cmpint (dh_transfer_get_state (pull), ==, DH_TRANSFER_STATE_FAILED);

  /* A tag that looks like a status still gives its digest line. */
  apply_ok (push, "{\"status\":\"The push refers to repository [x/y]\"}");
  apply_ok (push, "{\"status\":\"Pushed: digest: sha256:5555555555555555555555555555555555555555555555555555555555555555 size: 9\"}");
  dh_transfer_finish_stream (push);
  g_assert_cmpint (dh_transfer_get_state (push), ==, DH_TRANSFER_STATE_SUCCEEDED);
  g_assert_cmpuint (n_layers (push), ==, 0);
  g_assert_cmpstr (dh_transfer_get_digest (push), ==,
                   "sha256:5555555555555555555555555555555555555555555555555555555555555555");
}

static void
test_aux_digest (void)
{
  g_autoptr(DhTransfer) transfer = new_transfer (DH_TRANSFER_KIND_PUSH);

  apply_ok (transfer, "{\"status\":\"The push refers to repository [x/y]\"}");
  apply_ok (transfer, "{\"progressDetail\":{},\"aux\":{\"Tag\":\"1\",\"Digest\":\"sha256:6666666666666666666666666666666666666666666666666666666666666666\",\"Size\":1}}");
  dh_transfer_finish_stream (transfer);
  g_assert_cmpint (dh_transfer_get_state (transfer), ==, DH_TRANSFER_STATE_SUCCEEDED);
  g_assert_cmpstr (dh_transfer_get_digest (transfer), ==,
                   "sha256:6666666666666666666666666666666666666666666666666666666666666666");
}

static void
test_libpod_skipped_blob (void)
{
  g_autoptr(DhTransfer) transfer = new_transfer (DH_TRANSFER_KIND_PUSH);

  apply_ok (transfer, "{\"stream\":\"Getting image source signatures\\n\"}");
  apply_ok (transfer, "{\"stream\":\"Copying blob sha256:aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\\n\"}");
  apply_ok (transfer, "{\"stream\":\"Copying blob sha256:bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb skipped: already exists\\n\"}");
  g_assert_cmpuint (n_layers (transfer), ==, 2);
  g_assert_cmpstr (dh_layer_get_id (layer_at (transfer, 0)), ==, "aaaaaaaaaaaa");
  g_assert_cmpint (dh_layer_get_phase (layer_at (transfer, 0)), ==, DH_LAYER_PHASE_UPLOADING);
  g_assert_cmpint (dh_layer_get_phase (layer_at (transfer, 1)), ==, DH_LAYER_PHASE_ALREADY_PRESENT);
  g_assert_cmpstr (dh_layer_get_status_text (layer_at (transfer, 0)), ==,
                   "Copying blob sha256:aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa");
  g_assert_cmpfloat (dh_transfer_get_fraction (transfer), ==, 0.5);

  /* Cut before the manifest: not a success. */
  apply_ok (transfer, "{\"stream\":\"Copying config sha256:cccc\\n\"}");
  g_assert_cmpint (dh_layer_get_phase (layer_at (transfer, 0)), ==, DH_LAYER_PHASE_DONE);
  dh_transfer_finish_stream (transfer);
  g_assert_cmpint (dh_transfer_get_state (transfer), ==, DH_TRANSFER_STATE_FAILED);
}

static void
apply_any (DhTransfer *transfer,
           const char *line,
           gssize      len)
{
  g_autoptr(GError) error = NULL;

  if (!dh_transfer_apply_line (transfer, line, len, &error))
    g_assert_error (error, DH_ERROR, DH_ERROR_PROTOCOL);
  else
    g_assert_no_error (error);
}

/* Cut and corrupted real lines: a per-line error or a change, never a
 * crash (run it under ASan/UBSan). */
static void
test_garbage (void)
{
  const char *files[] = { "docker-push-fresh.jsonl", "docker-pull-fresh.jsonl",
                          "podman-libpod-push.jsonl", "podman-compat-pull.jsonl" };
  g_autoptr(GPtrArray) lines = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(DhTransfer) cut = new_transfer (DH_TRANSFER_KIND_PUSH);

  for (guint f = 0; f < G_N_ELEMENTS (files); f++)
    {
      g_autofree char *text = load_fixture (files[f]);
      g_auto(GStrv) split = g_strsplit (text, "\n", -1);

      for (guint i = 0; split[i] != NULL; i++)
        if (split[i][0] != '\0')
          g_ptr_array_add (lines, g_strdup (split[i]));
    }

  /* Every prefix of every line. */
  for (guint i = 0; i < lines->len; i++)
    {
      const char *line = g_ptr_array_index (lines, i);
      gsize len = strlen (line);

      for (gsize k = 0; k <= len; k++)
        apply_any (cut, line, k);
    }

  /* Random byte changes, each on a fresh transfer (a mutated line may
   * well be a valid error line that ends the transfer). */
  for (guint round = 0; round < 3000; round++)
    {
      g_autoptr(DhTransfer) transfer = new_transfer (round % 2 ? DH_TRANSFER_KIND_PUSH : DH_TRANSFER_KIND_PULL);
      g_autofree char *line = g_strdup (g_ptr_array_index (lines, g_test_rand_int_range (0, lines->len)));
      gsize len = strlen (line);
      guint n_changes = g_test_rand_int_range (1, 4);

      for (guint c = 0; c < n_changes; c++)
        line[g_test_rand_int_range (0, len)] = (char)g_test_rand_int_range (1, 256);

      for (guint i = 0; i < 3; i++)
        apply_any (transfer, g_ptr_array_index (lines, i), -1);
      apply_any (transfer, line, len);
      dh_transfer_finish_stream (transfer);
      g_assert_true (dh_transfer_is_finished (transfer));
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  for (guint i = 0; i < G_N_ELEMENTS (fixture_cases); i++)
    {
      g_autofree char *path = g_strdup_printf ("/Dockhand/Transfer/fixture/%s", fixture_cases[i].file);

      g_test_add_data_func (path, &fixture_cases[i], test_fixture);
    }

  g_test_add_func ("/Dockhand/Transfer/fixture-libpod-error-text", test_fixture_libpod_error_text);
  g_test_add_func ("/Dockhand/Transfer/docker-words", test_docker_words);
  g_test_add_func ("/Dockhand/Transfer/docker-words-synthetic", test_docker_words_synthetic);
  g_test_add_func ("/Dockhand/Transfer/registry-digest", test_registry_digest);
  g_test_add_func ("/Dockhand/Transfer/malformed-lines", test_malformed_lines);
  g_test_add_func ("/Dockhand/Transfer/empty-lines", test_empty_lines);
  g_test_add_func ("/Dockhand/Transfer/empty-stream", test_empty_stream);
  g_test_add_func ("/Dockhand/Transfer/containerd-push", test_containerd_push);
  g_test_add_func ("/Dockhand/Transfer/containerd-pull", test_containerd_pull);
  g_test_add_func ("/Dockhand/Transfer/retrying", test_retrying);
  g_test_add_func ("/Dockhand/Transfer/line-after-finish", test_line_after_finish);
  g_test_add_func ("/Dockhand/Transfer/fail", test_fail);
  g_test_add_func ("/Dockhand/Transfer/cancel", test_cancel);
  g_test_add_func ("/Dockhand/Transfer/notify-counts", test_notify_counts);
  g_test_add_func ("/Dockhand/Transfer/speed-and-eta", test_speed_and_eta);
  g_test_add_func ("/Dockhand/Transfer/eta-burst-at-start", test_eta_burst_at_start);
  g_test_add_func ("/Dockhand/Transfer/eta-rule", test_eta_rule);
  g_test_add_func ("/Dockhand/Transfer/expected-layers", test_expected_layers);
  g_test_add_func ("/Dockhand/Transfer/expected-total", test_expected_total);
  g_test_add_func ("/Dockhand/Transfer/podman-compat-pull-config", test_podman_compat_pull_config);
  g_test_add_func ("/Dockhand/Transfer/podman-compat-pull-partial", test_podman_compat_pull_partial);
  g_test_add_func ("/Dockhand/Transfer/non-layer-ids", test_non_layer_ids);
  g_test_add_func ("/Dockhand/Transfer/aux-digest", test_aux_digest);
  g_test_add_func ("/Dockhand/Transfer/libpod-skipped-blob", test_libpod_skipped_blob);
  g_test_add_func ("/Dockhand/Transfer/garbage", test_garbage);

  return g_test_run ();
}
