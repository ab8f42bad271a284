/* dh-image-list.c
 *
 * Copyright 2026 The Dockhand Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "dh-image-list"

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>
#include <json-glib/json-glib.h>
#include <libsoup/soup.h>

#include "dh-engine-private.h"
#include "dh-error.h"
#include "dh-image-list.h"

/* Events come in bursts (a pull tags and creates, an rmi untags and
 * deletes several layers): one re-list per burst. */
#define REFRESH_DEBOUNCE_MS  150
#define RECONNECT_INITIAL_MS 500
#define RECONNECT_MAX_MS     10000

struct _DhImageList
{
  GObject           parent_instance;

  DhEngine         *engine;

  /* The model: DhImage, owned, sorted by dh_image_compare(). */
  GPtrArray        *items;
  GHashTable       *by_id;

  GError           *error;
  /* Refreshes under way on the current engine; older ones are ignored. */
  guint             n_refreshing;
  guint             engine_generation;
  /* Started, and nothing listed or failed yet: the UI shows "loading"
   * rather than "no images" while the engine is being reached. */
  gboolean          first_load_pending;
  guint             refresh_serial;
  guint             applied_serial;
  guint             debounce_id;

  /* Following /events */
  gboolean          running;
  GCancellable     *events_cancellable;
  GDataInputStream *events_stream;
  guint             reconnect_id;
  guint             reconnect_delay_ms;
};

enum {
  PROP_0,
  PROP_ENGINE,
  PROP_LOADING,
  PROP_ERROR,
  N_PROPS
};

static void list_model_iface_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (DhImageList, dh_image_list, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL, list_model_iface_init))

static GParamSpec *properties[N_PROPS];

static void events_connect (DhImageList *self);

/* Callbacks of long-lived operations hold only a weak reference, so
 * that following events never keeps a dropped list alive. */
static GWeakRef *
weak_new (DhImageList *self)
{
  GWeakRef *ref = g_new0 (GWeakRef, 1);

  g_weak_ref_init (ref, self);
  return ref;
}

static DhImageList *
weak_steal (GWeakRef *ref)
{
  DhImageList *self = g_weak_ref_get (ref);

  g_weak_ref_clear (ref);
  g_free (ref);
  return self;
}

/* GListModel */

static GType
dh_image_list_get_item_type (GListModel *model)
{
  return DH_TYPE_IMAGE;
}

static guint
dh_image_list_get_n_items (GListModel *model)
{
  DhImageList *self = DH_IMAGE_LIST (model);

  return self->items->len;
}

static gpointer
dh_image_list_get_item (GListModel *model,
                        guint       position)
{
  DhImageList *self = DH_IMAGE_LIST (model);

  if (position >= self->items->len)
    return NULL;

  return g_object_ref (g_ptr_array_index (self->items, position));
}

static void
list_model_iface_init (GListModelInterface *iface)
{
  iface->get_item_type = dh_image_list_get_item_type;
  iface->get_n_items = dh_image_list_get_n_items;
  iface->get_item = dh_image_list_get_item;
}

/* State */

static void
set_error (DhImageList  *self,
           const GError *error)
{
  if (self->error == NULL && error == NULL)
    return;

  if (self->error != NULL && error != NULL &&
      self->error->domain == error->domain &&
      self->error->code == error->code &&
      g_strcmp0 (self->error->message, error->message) == 0)
    return;

  g_clear_error (&self->error);
  if (error != NULL)
    self->error = g_error_copy (error);

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ERROR]);

}

static gboolean
is_loading (DhImageList *self)
{
  return self->n_refreshing > 0 || self->first_load_pending;
}

static void
update_loading (DhImageList *self,
                gboolean     was_loading)
{
  if (was_loading != is_loading (self))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOADING]);
}

static void
end_first_load (DhImageList *self)
{
  gboolean was_loading = is_loading (self);

  self->first_load_pending = FALSE;
  update_loading (self, was_loading);
}

/* Replaces @n_removed items at @position by @added (owned references
 * are taken) and tells the model's users. */
static void
splice_items (DhImageList *self,
              guint        position,
              guint        n_removed,
              GPtrArray   *added)
{
  guint n_added = added ? added->len : 0;
  guint old_len = self->items->len;
  guint tail;

  g_assert (position + n_removed <= old_len);

  if (n_removed == 0 && n_added == 0)
    return;

  for (guint i = 0; i < n_removed; i++)
    {
      DhImage *image = g_ptr_array_index (self->items, position + i);

      /* An image updated in place is removed and added back. */
      if (g_hash_table_lookup (self->by_id, dh_image_get_id (image)) == image)
        g_hash_table_remove (self->by_id, dh_image_get_id (image));
      g_object_unref (image);
    }

  tail = old_len - position - n_removed;
  if (n_added > n_removed)
    g_ptr_array_set_size (self->items, old_len + n_added - n_removed);
  memmove (&self->items->pdata[position + n_added],
           &self->items->pdata[position + n_removed],
           tail * sizeof (gpointer));
  if (n_added < n_removed)
    g_ptr_array_set_size (self->items, old_len - (n_removed - n_added));

  for (guint i = 0; i < n_added; i++)
    {
      DhImage *image = g_object_ref (g_ptr_array_index (added, i));

      self->items->pdata[position + i] = image;
      g_hash_table_insert (self->by_id, (gpointer)dh_image_get_id (image), image);
    }

  g_list_model_items_changed (G_LIST_MODEL (self), position, n_removed, n_added);
}

/* Applies a fresh, sorted listing as the smallest runs of changes:
 * images whose id did not change keep their object (updated in place
 * when their tags changed), so rows do not flicker. */
static void
apply_listing (DhImageList *self,
               GListModel  *fresh)
{
  g_autoptr(GPtrArray) old = NULL;
  g_autoptr(GPtrArray) run_added = g_ptr_array_new_with_free_func (g_object_unref);
  guint n_old, n_new;
  guint i = 0, j = 0;
  guint position = 0;
  guint run_removed = 0;

  old = g_ptr_array_new_full (self->items->len, g_object_unref);
  for (guint k = 0; k < self->items->len; k++)
    g_ptr_array_add (old, g_object_ref (g_ptr_array_index (self->items, k)));

  n_old = old->len;
  n_new = g_list_model_get_n_items (fresh);

#define FLUSH_RUN()                                                   \
  G_STMT_START {                                                      \
    if (run_removed > 0 || run_added->len > 0)                        \
      {                                                               \
        splice_items (self, position, run_removed, run_added);        \
        position += run_added->len;                                   \
        run_removed = 0;                                              \
        g_ptr_array_set_size (run_added, 0);                          \
      }                                                               \
  } G_STMT_END

  while (i < n_old || j < n_new)
    {
      DhImage *old_image = i < n_old ? g_ptr_array_index (old, i) : NULL;
      g_autoptr(DhImage) new_image = j < n_new ? g_list_model_get_item (fresh, j) : NULL;
      int cmp;

      if (old_image == NULL)
        cmp = 1;
      else if (new_image == NULL)
        cmp = -1;
      else
        cmp = dh_image_compare (old_image, new_image);

      if (cmp == 0)
        {
          if (dh_image_equal (old_image, new_image))
            {
              FLUSH_RUN ();
              position++;
            }
          else
            {
              dh_image_update_from (old_image, new_image);
              run_removed++;
              g_ptr_array_add (run_added, g_object_ref (old_image));
            }
          i++;
          j++;
        }
      else if (cmp < 0)
        {
          run_removed++;
          i++;
        }
      else
        {
          g_ptr_array_add (run_added, g_steal_pointer (&new_image));
          j++;
        }
    }

  FLUSH_RUN ();

#undef FLUSH_RUN

  g_assert (self->items->len == n_new);
}

/* Refresh */

typedef struct
{
  guint serial;
  guint engine_generation;
} RefreshData;

static void
refresh_list_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  DhEngine *engine = (DhEngine *)object;
  g_autoptr(GTask) task = user_data;
  g_autoptr(GListModel) fresh = NULL;
  g_autoptr(GError) error = NULL;
  DhImageList *self = g_task_get_source_object (task);
  RefreshData *data = g_task_get_task_data (task);
  gboolean was_loading = is_loading (self);

  fresh = dh_engine_list_images_finish (engine, result, &error);

  /* Listed by an engine that was replaced since: not this list's. */
  if (data->engine_generation != self->engine_generation)
    {
      if (fresh != NULL)
        g_task_return_boolean (task, TRUE);
      else
        g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  g_assert (self->n_refreshing > 0);
  self->n_refreshing--;

  /* An older listing finishing after a newer one changes nothing. */
  if (data->serial > self->applied_serial)
    {
      if (fresh != NULL)
        {
          self->first_load_pending = FALSE;
          self->applied_serial = data->serial;
          apply_listing (self, fresh);
          set_error (self, NULL);
        }
      else if (!g_error_matches (error, DH_ERROR, DH_ERROR_CANCELLED))
        {
          self->first_load_pending = FALSE;
          set_error (self, error);
        }
    }

  update_loading (self, was_loading);

  if (fresh != NULL)
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, g_steal_pointer (&error));
}

static void
start_refresh (DhImageList         *self,
               GCancellable        *cancellable,
               GAsyncReadyCallback  callback,
               gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  RefreshData *data;
  gboolean was_loading = is_loading (self);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, dh_image_list_refresh_async);
  g_task_set_check_cancellable (task, FALSE);

  if (self->engine == NULL)
    {
      g_task_return_new_error (task, DH_ERROR, DH_ERROR_NO_ENGINE,
                               _("No container engine is connected, so there are no images "
                                 "to list: start Docker or Podman"));
      return;
    }

  data = g_new0 (RefreshData, 1);
  data->serial = ++self->refresh_serial;
  data->engine_generation = self->engine_generation;
  g_task_set_task_data (task, data, g_free);

  self->n_refreshing++;
  update_loading (self, was_loading);

  dh_engine_list_images_async (self->engine, cancellable, refresh_list_cb,
                               g_steal_pointer (&task));
}

static gboolean
debounce_cb (gpointer user_data)
{
  DhImageList *self = user_data;

  self->debounce_id = 0;
  start_refresh (self, NULL, NULL, NULL);

  return G_SOURCE_REMOVE;
}

static void
schedule_refresh (DhImageList *self)
{
  if (self->debounce_id == 0)
    self->debounce_id = g_timeout_add (REFRESH_DEBOUNCE_MS, debounce_cb, self);
}

/* Events */

static const char *
string_member (JsonObject *object,
               const char *name)
{
  JsonNode *node = json_object_get_member (object, name);

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) ||
      json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;

  return json_node_get_string (node);
}

static gboolean
is_relevant_event (const char *line)
{
  /* Actions that leave the list as it was. Anything else about an image
   * (Docker's tag/untag/delete/pull/push/import/load/create/prune,
   * Podman's remove/loadfromarchive/build/…) means a re-list. */
  static const char * const ignored[] = {
    "save", "mount", "unmount", "cleanup", "exists", "inspect", NULL
  };
  g_autoptr(JsonParser) parser = json_parser_new_immutable ();
  JsonObject *object;
  JsonNode *root;
  const char *type;
  const char *action;

  if (!json_parser_load_from_data (parser, line, -1, NULL) ||
      !(root = json_parser_get_root (parser)) || !JSON_NODE_HOLDS_OBJECT (root))
    {
      g_debug ("Ignoring an unreadable event line");
      return FALSE;
    }

  object = json_node_get_object (root);
  /* Before API 1.22 there was no Type; the filter asked for images. */
  if (!(type = string_member (object, "Type")))
    type = "image";
  if (!(action = string_member (object, "Action")))
    action = string_member (object, "status");

  if (g_strcmp0 (type, "image") != 0 || action == NULL)
    return FALSE;

  return !g_strv_contains (ignored, action);
}

static void
close_events (DhImageList *self)
{
  if (self->events_cancellable != NULL)
    {
      g_cancellable_cancel (self->events_cancellable);
      g_clear_object (&self->events_cancellable);
    }

  g_clear_object (&self->events_stream);
}

static gboolean
reconnect_cb (gpointer user_data)
{
  DhImageList *self = user_data;

  self->reconnect_id = 0;
  events_connect (self);

  return G_SOURCE_REMOVE;
}

static void
schedule_reconnect (DhImageList *self)
{
  close_events (self);

  if (!self->running || self->reconnect_id != 0)
    return;

  g_debug ("Reconnecting to the engine's events in %u ms", self->reconnect_delay_ms);
  self->reconnect_id = g_timeout_add (self->reconnect_delay_ms, reconnect_cb, self);
  self->reconnect_delay_ms = MIN (self->reconnect_delay_ms * 2, RECONNECT_MAX_MS);
}

static void
read_event_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  GDataInputStream *stream = (GDataInputStream *)object;
  g_autoptr(DhImageList) self = weak_steal (user_data);
  g_autoptr(GError) error = NULL;
  g_autofree char *line = NULL;
  gsize len;

  line = g_data_input_stream_read_line_finish_utf8 (stream, result, &len, &error);

  if (self == NULL || g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) ||
      stream != self->events_stream)
    return;

  if (line == NULL)
    {
      /* The engine stopped or restarted: the list may be stale until we
       * are back, and is re-listed then. */
      g_debug ("The engine's event stream ended: %s",
               error ? error->message : "end of stream");
      schedule_reconnect (self);
      return;
    }

  if (len > 0 && is_relevant_event (line))
    schedule_refresh (self);

  g_data_input_stream_read_line_async (stream, G_PRIORITY_DEFAULT, self->events_cancellable,
                                       read_event_cb, weak_new (self));
}

static void
events_sent_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  SoupSession *session = (SoupSession *)object;
  g_autoptr(DhImageList) self = weak_steal (user_data);
  g_autoptr(GInputStream) stream = NULL;
  g_autoptr(GError) error = NULL;
  SoupMessage *message;

  message = soup_session_get_async_result_message (session, result);
  stream = soup_session_send_finish (session, result, &error);

  if (self == NULL || g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  if (stream == NULL)
    {
      g_autoptr(GError) engine_error = _dh_engine_error_from_transport (self->engine, error);

      set_error (self, engine_error);
      end_first_load (self);
      schedule_reconnect (self);
      return;
    }

  if (!SOUP_STATUS_IS_SUCCESSFUL (soup_message_get_status (message)))
    {
      g_autoptr(GError) engine_error = _dh_engine_error_from_response (self->engine, message, NULL);

      set_error (self, engine_error);
      end_first_load (self);
      schedule_reconnect (self);
      return;
    }

  self->reconnect_delay_ms = RECONNECT_INITIAL_MS;

  self->events_stream = g_data_input_stream_new (stream);
  g_data_input_stream_set_newline_type (self->events_stream, G_DATA_STREAM_NEWLINE_TYPE_ANY);
  g_data_input_stream_read_line_async (self->events_stream, G_PRIORITY_DEFAULT,
                                       self->events_cancellable,
                                       read_event_cb, weak_new (self));

  /* Whatever happened while we were not listening: resynchronise. The
   * stream is open first so that nothing falls between the two. */
  if (self->debounce_id != 0)
    g_clear_handle_id (&self->debounce_id, g_source_remove);
  start_refresh (self, NULL, NULL, NULL);
}

static void
events_connected_cb (GObject      *object,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  DhEngine *engine = (DhEngine *)object;
  g_autoptr(DhImageList) self = weak_steal (user_data);
  g_autoptr(GError) error = NULL;
  g_autoptr(GHashTable) query = NULL;
  g_autoptr(SoupMessage) message = NULL;

  if (!_dh_engine_ensure_connected_finish (engine, result, &error))
    {
      if (self == NULL || g_error_matches (error, DH_ERROR, DH_ERROR_CANCELLED))
        return;

      set_error (self, error);
      end_first_load (self);
      schedule_reconnect (self);
      return;
    }

  if (self == NULL || self->events_cancellable == NULL ||
      g_cancellable_is_cancelled (self->events_cancellable))
    return;

  query = g_hash_table_new (g_str_hash, g_str_equal);
  g_hash_table_insert (query, (char *)"filters", (char *)"{\"type\":[\"image\"]}");
  message = _dh_engine_new_message (self->engine, SOUP_METHOD_GET, "/events", query);

  soup_session_send_async (_dh_engine_get_session (self->engine), message, G_PRIORITY_DEFAULT,
                           self->events_cancellable, events_sent_cb, weak_new (self));
}

static void
events_connect (DhImageList *self)
{
  close_events (self);

  if (!self->running || self->engine == NULL)
    return;

  self->events_cancellable = g_cancellable_new ();
  _dh_engine_ensure_connected_async (self->engine, self->events_cancellable,
                                     events_connected_cb, weak_new (self));
}

/* GObject */

static void
dh_image_list_dispose (GObject *object)
{
  DhImageList *self = (DhImageList *)object;

  self->running = FALSE;
  close_events (self);
  g_clear_handle_id (&self->reconnect_id, g_source_remove);
  g_clear_handle_id (&self->debounce_id, g_source_remove);

  G_OBJECT_CLASS (dh_image_list_parent_class)->dispose (object);
}

static void
dh_image_list_finalize (GObject *object)
{
  DhImageList *self = (DhImageList *)object;

  g_ptr_array_foreach (self->items, (GFunc)(void (*) (void))g_object_unref, NULL);
  g_clear_pointer (&self->items, g_ptr_array_unref);
  g_clear_pointer (&self->by_id, g_hash_table_unref);
  g_clear_error (&self->error);
  g_clear_object (&self->engine);

  G_OBJECT_CLASS (dh_image_list_parent_class)->finalize (object);
}

static void
dh_image_list_get_property (GObject    *object,
                            guint       prop_id,
                            GValue     *value,
                            GParamSpec *pspec)
{
  DhImageList *self = DH_IMAGE_LIST (object);

  switch (prop_id)
    {
    case PROP_ENGINE:
      g_value_set_object (value, self->engine);
      break;

    case PROP_LOADING:
      g_value_set_boolean (value, dh_image_list_get_loading (self));
      break;

    case PROP_ERROR:
      g_value_set_boxed (value, self->error);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
dh_image_list_set_property (GObject      *object,
                            guint         prop_id,
                            const GValue *value,
                            GParamSpec   *pspec)
{
  DhImageList *self = DH_IMAGE_LIST (object);

  switch (prop_id)
    {
    case PROP_ENGINE:
      dh_image_list_set_engine (self, g_value_get_object (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
dh_image_list_class_init (DhImageListClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = dh_image_list_dispose;
  object_class->finalize = dh_image_list_finalize;
  object_class->get_property = dh_image_list_get_property;
  object_class->set_property = dh_image_list_set_property;

  properties[PROP_ENGINE] =
    g_param_spec_object ("engine", NULL, NULL, DH_TYPE_ENGINE,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  properties[PROP_LOADING] =
    g_param_spec_boolean ("loading", NULL, NULL, FALSE,
                          (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  properties[PROP_ERROR] =
    g_param_spec_boxed ("error", NULL, NULL, G_TYPE_ERROR,
                        (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
dh_image_list_init (DhImageList *self)
{
  /* No free function: splice_items() moves references by hand. */
  self->items = g_ptr_array_new ();
  self->by_id = g_hash_table_new (g_str_hash, g_str_equal);
  self->reconnect_delay_ms = RECONNECT_INITIAL_MS;
}

/* Public API */

/**
 * dh_image_list_new:
 * @engine: (nullable): the engine to list, or NULL for none yet
 */
DhImageList *
dh_image_list_new (DhEngine *engine)
{
  g_return_val_if_fail (!engine || DH_IS_ENGINE (engine), NULL);

  return g_object_new (DH_TYPE_IMAGE_LIST,
                       "engine", engine,
                       NULL);
}

DhEngine *
dh_image_list_get_engine (DhImageList *self)
{
  g_return_val_if_fail (DH_IS_IMAGE_LIST (self), NULL);

  return self->engine;
}

/**
 * dh_image_list_set_engine:
 * @engine: (nullable): the engine to list, or NULL when there is none
 *
 * Follows @engine from now on; whatever was under way on the previous
 * engine is dropped. NULL empties the list: the images of an engine that
 * stopped are not shown as if they were there, and the engine that
 * comes back may be another one. A started list then lists @engine and
 * follows its events by itself ("loading" until the listing is in);
 * images whose id did not change keep their object.
 */
void
dh_image_list_set_engine (DhImageList *self,
                          DhEngine    *engine)
{
  gboolean was_loading;

  g_return_if_fail (DH_IS_IMAGE_LIST (self));
  g_return_if_fail (!engine || DH_IS_ENGINE (engine));

  if (self->engine == engine)
    return;

  was_loading = is_loading (self);

  close_events (self);
  g_clear_handle_id (&self->reconnect_id, g_source_remove);
  g_clear_handle_id (&self->debounce_id, g_source_remove);
  self->engine_generation++;
  self->n_refreshing = 0;
  /* A listing of the old engine still under way is not applied. */
  self->applied_serial = self->refresh_serial;
  self->reconnect_delay_ms = RECONNECT_INITIAL_MS;

  g_set_object (&self->engine, engine);

  if (engine == NULL)
    {
      self->first_load_pending = FALSE;
      set_error (self, NULL);
      if (self->items->len > 0)
        splice_items (self, 0, self->items->len, NULL);
    }
  else if (self->running)
    {
      self->first_load_pending = TRUE;
    }

  update_loading (self, was_loading);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ENGINE]);

  if (engine != NULL && self->running)
    events_connect (self);
}

gboolean
dh_image_list_get_loading (DhImageList *self)
{
  g_return_val_if_fail (DH_IS_IMAGE_LIST (self), FALSE);

  return is_loading (self);
}

const GError *
dh_image_list_get_error (DhImageList *self)
{
  g_return_val_if_fail (DH_IS_IMAGE_LIST (self), NULL);

  return self->error;
}

/**
 * dh_image_list_start:
 *
 * Opens the engine's image event stream, loads the list once it is open
 * (when it cannot be opened, #DhImageList:error says why), and from then on
 * re-lists after each burst of image events. When the stream ends (the
 * engine stopped or restarted) it reconnects after 0.5 s, doubling up to
 * 10 s, and re-lists after each reconnection.
 */
void
dh_image_list_start (DhImageList *self)
{
  g_return_if_fail (DH_IS_IMAGE_LIST (self));

  if (self->running)
    return;

  self->running = TRUE;
  self->reconnect_delay_ms = RECONNECT_INITIAL_MS;

  if (self->engine != NULL && self->applied_serial == 0 && self->error == NULL &&
      !self->first_load_pending)
    {
      gboolean was_loading = is_loading (self);

      self->first_load_pending = TRUE;
      update_loading (self, was_loading);
    }

  events_connect (self);
}

void
dh_image_list_stop (DhImageList *self)
{
  g_return_if_fail (DH_IS_IMAGE_LIST (self));

  self->running = FALSE;
  close_events (self);
  g_clear_handle_id (&self->reconnect_id, g_source_remove);
  g_clear_handle_id (&self->debounce_id, g_source_remove);

  end_first_load (self);
}

void
dh_image_list_refresh_async (DhImageList         *self,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  g_return_if_fail (DH_IS_IMAGE_LIST (self));
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  start_refresh (self, cancellable, callback, user_data);
}

gboolean
dh_image_list_refresh_finish (DhImageList   *self,
                              GAsyncResult  *result,
                              GError       **error)
{
  g_return_val_if_fail (DH_IS_IMAGE_LIST (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/**
 * dh_image_list_find_by_id:
 * @id: a full id (`sha256:…`), or its hex part
 *
 * Returns: (transfer none) (nullable): the image in the list with @id
 */
DhImage *
dh_image_list_find_by_id (DhImageList *self,
                          const char  *id)
{
  DhImage *image;

  g_return_val_if_fail (DH_IS_IMAGE_LIST (self), NULL);
  g_return_val_if_fail (id != NULL, NULL);

  if ((image = g_hash_table_lookup (self->by_id, id)))
    return image;

  if (strchr (id, ':') == NULL)
    {
      g_autofree char *full = g_strconcat ("sha256:", id, NULL);

      return g_hash_table_lookup (self->by_id, full);
    }

  return NULL;
}
