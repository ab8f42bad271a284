/* dh-engine-search.c
 *
 * Copyright 2026 The Dockhand Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "dh-engine-search"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <json-glib/json-glib.h>
#include <libsoup/soup.h>

#include "dh-engine-private.h"
#include "dh-engine-search.h"
#include "dh-error.h"

struct _DhSearchResult
{
  GObject   parent_instance;

  char     *name;
  char     *description;
  gint64    star_count;
  gboolean  is_official;
};

enum {
  PROP_0,
  PROP_NAME,
  PROP_DESCRIPTION,
  PROP_STAR_COUNT,
  PROP_IS_OFFICIAL,
  N_PROPS
};

G_DEFINE_FINAL_TYPE (DhSearchResult, dh_search_result, G_TYPE_OBJECT)

static GParamSpec *properties[N_PROPS];

static void
dh_search_result_finalize (GObject *object)
{
  DhSearchResult *self = (DhSearchResult *)object;

  g_clear_pointer (&self->name, g_free);
  g_clear_pointer (&self->description, g_free);

  G_OBJECT_CLASS (dh_search_result_parent_class)->finalize (object);
}

static void
dh_search_result_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  DhSearchResult *self = DH_SEARCH_RESULT (object);

  switch (prop_id)
    {
    case PROP_NAME:
      g_value_set_string (value, self->name);
      break;

    case PROP_DESCRIPTION:
      g_value_set_string (value, self->description);
      break;

    case PROP_STAR_COUNT:
      g_value_set_int64 (value, self->star_count);
      break;

    case PROP_IS_OFFICIAL:
      g_value_set_boolean (value, self->is_official);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
dh_search_result_class_init (DhSearchResultClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = dh_search_result_finalize;
  object_class->get_property = dh_search_result_get_property;

  properties[PROP_NAME] =
    g_param_spec_string ("name", NULL, NULL, NULL,
                         (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));
  properties[PROP_DESCRIPTION] =
    g_param_spec_string ("description", NULL, NULL, NULL,
                         (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));
  properties[PROP_STAR_COUNT] =
    g_param_spec_int64 ("star-count", NULL, NULL, 0, G_MAXINT64, 0,
                        (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));
  properties[PROP_IS_OFFICIAL] =
    g_param_spec_boolean ("is-official", NULL, NULL, FALSE,
                          (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
dh_search_result_init (DhSearchResult *self)
{
}

DhSearchResult *
dh_search_result_new (const char *name,
                      const char *description,
                      gint64      star_count,
                      gboolean    is_official)
{
  DhSearchResult *self;

  g_return_val_if_fail (name != NULL, NULL);

  self = g_object_new (DH_TYPE_SEARCH_RESULT, NULL);
  self->name = g_strdup (name);
  self->description = g_strdup (description != NULL ? description : "");
  self->star_count = MAX (star_count, 0);
  self->is_official = !!is_official;

  return self;
}

const char *
dh_search_result_get_name (DhSearchResult *self)
{
  g_return_val_if_fail (DH_IS_SEARCH_RESULT (self), NULL);

  return self->name;
}

const char *
dh_search_result_get_description (DhSearchResult *self)
{
  g_return_val_if_fail (DH_IS_SEARCH_RESULT (self), NULL);

  return self->description;
}

gint64
dh_search_result_get_star_count (DhSearchResult *self)
{
  g_return_val_if_fail (DH_IS_SEARCH_RESULT (self), 0);

  return self->star_count;
}

gboolean
dh_search_result_get_is_official (DhSearchResult *self)
{
  g_return_val_if_fail (DH_IS_SEARCH_RESULT (self), FALSE);

  return self->is_official;
}

GListModel *
dh_search_results_parse (const char  *data,
                         gssize       length,
                         GError     **error)
{
  g_autoptr(JsonParser) parser = json_parser_new_immutable ();
  g_autoptr(GListStore) store = g_list_store_new (DH_TYPE_SEARCH_RESULT);
  g_autoptr(GError) local_error = NULL;
  JsonNode *root;
  JsonArray *array;

  g_return_val_if_fail (data != NULL || length == 0, NULL);

  if (!json_parser_load_from_data (parser, data != NULL ? data : "", length, &local_error) ||
      !(root = json_parser_get_root (parser)) ||
      !JSON_NODE_HOLDS_ARRAY (root))
    {
      g_set_error (error, DH_ERROR, DH_ERROR_PROTOCOL,
                   _("The engine sent search results that are not a JSON array (%s)"),
                   local_error != NULL ? local_error->message : _("wrong type"));
      return NULL;
    }

  array = json_node_get_array (root);
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonNode *node = json_array_get_element (array, i);
      g_autoptr(DhSearchResult) result = NULL;
      JsonObject *object;
      JsonNode *member;
      const char *name = NULL;
      const char *description = NULL;
      gint64 stars = 0;
      gboolean official = FALSE;

      if (!JSON_NODE_HOLDS_OBJECT (node))
        continue;

      object = json_node_get_object (node);

      /* Every field is optional and a field of the wrong type is ignored. */
      if ((member = json_object_get_member (object, "name")) &&
          JSON_NODE_HOLDS_VALUE (member) && json_node_get_value_type (member) == G_TYPE_STRING)
        name = json_node_get_string (member);
      if ((member = json_object_get_member (object, "description")) &&
          JSON_NODE_HOLDS_VALUE (member) && json_node_get_value_type (member) == G_TYPE_STRING)
        description = json_node_get_string (member);
      if ((member = json_object_get_member (object, "star_count")) &&
          JSON_NODE_HOLDS_VALUE (member) && json_node_get_value_type (member) == G_TYPE_INT64)
        stars = json_node_get_int (member);
      if ((member = json_object_get_member (object, "is_official")) &&
          JSON_NODE_HOLDS_VALUE (member) && json_node_get_value_type (member) == G_TYPE_BOOLEAN)
        official = json_node_get_boolean (member);

      if (name == NULL || *name == '\0')
        continue;

      result = dh_search_result_new (name, description, stars, official);
      g_list_store_append (store, result);
    }

  return G_LIST_MODEL (g_steal_pointer (&store));
}

static void
search_response (DhEngine    *self,
                 GTask       *task,
                 SoupMessage *message,
                 GBytes      *body)
{
  g_autoptr(GError) error = NULL;
  GListModel *results;
  const char *bytes;
  gsize len;

  bytes = g_bytes_get_data (body, &len);
  if (!(results = dh_search_results_parse (bytes, len, &error)))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  g_task_return_pointer (task, results, g_object_unref);
}

void
dh_engine_search_images_async (DhEngine            *self,
                               const char          *term,
                               guint                limit,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  g_autofree char *stripped = NULL;
  GHashTable *query;

  g_return_if_fail (DH_IS_ENGINE (self));
  g_return_if_fail (term != NULL);
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  stripped = g_strstrip (g_strdup (term));
  if (*stripped == '\0')
    {
      g_task_report_new_error (self, callback, user_data, dh_engine_search_images_async,
                               G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                               _("Type a word to search Docker Hub for"));
      return;
    }

  query = _dh_engine_new_query ();
  g_hash_table_insert (query, (gpointer)"term", g_steal_pointer (&stripped));
  if (limit > 0)
    g_hash_table_insert (query, (gpointer)"limit", g_strdup_printf ("%u", limit));

  /* Cancellation comes back as DH_ERROR_CANCELLED, like the engine's other calls. */
  _dh_engine_start_request (self, SOUP_METHOD_GET, "/images/search", query, search_response,
                            NULL, NULL, cancellable, dh_engine_search_images_async,
                            callback, user_data);
}

GListModel *
dh_engine_search_images_finish (DhEngine      *self,
                                GAsyncResult  *result,
                                GError       **error)
{
  g_return_val_if_fail (DH_IS_ENGINE (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
