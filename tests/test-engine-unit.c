/* test-engine-unit.c
 *
 * Copyright 2026 The Dockhand Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "dh-engine.h"
#include "dh-engine-private.h"
#include "dh-error.h"
#include "dh-image.h"

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
  g_test_add_func ("/Dockhand/Engine/remote-needs-tls", test_engine_remote_needs_tls);
  g_test_add_func ("/Dockhand/Engine/unix-credentials", test_engine_unix_credentials);

  return g_test_run ();
}
