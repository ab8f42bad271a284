/* dh-image.c
 *
 * Copyright 2026 The Dockhand Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "dh-image"

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "dh-error.h"
#include "dh-image.h"
#include "dh-image-private.h"
#include "dh-reference.h"

struct _DhImage
{
  GObject      parent_instance;

  char        *id;
  char        *short_id;
  char       **tags;
  char       **digests;
  GHashTable  *labels;
  gint64       size;
  gint64       created;
};

enum {
  PROP_0,
  PROP_ID,
  PROP_SHORT_ID,
  PROP_TAGS,
  PROP_DIGESTS,
  PROP_SIZE,
  PROP_CREATED,
  PROP_DANGLING,
  N_PROPS
};

G_DEFINE_FINAL_TYPE (DhImage, dh_image, G_TYPE_OBJECT)

static GParamSpec *properties[N_PROPS];

static const char * const empty_strv[] = { NULL };

/* JSON helpers: the engine's output is trusted to be JSON, not to have
 * the types the API documents, so every accessor checks the node type. */

static const char *
get_string_member (JsonObject *object,
                   const char *name)
{
  JsonNode *node = json_object_get_member (object, name);

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) ||
      json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;

  return json_node_get_string (node);
}

static gint64
get_int_member (JsonObject *object,
                const char *name,
                gint64      fallback)
{
  JsonNode *node = json_object_get_member (object, name);
  GType type;

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node))
    return fallback;

  type = json_node_get_value_type (node);
  if (type == G_TYPE_INT64)
    return json_node_get_int (node);
  if (type == G_TYPE_DOUBLE)
    {
      double value = json_node_get_double (node);

      if (value >= (double)G_MININT64 && value <= (double)G_MAXINT64)
        return (gint64)value;
    }

  return fallback;
}

static JsonObject *
get_object_member (JsonObject *object,
                   const char *name)
{
  JsonNode *node = json_object_get_member (object, name);

  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    return NULL;

  return json_node_get_object (node);
}

static JsonArray *
get_array_member (JsonObject *object,
                  const char *name)
{
  JsonNode *node = json_object_get_member (object, name);

  if (node == NULL || !JSON_NODE_HOLDS_ARRAY (node))
    return NULL;

  return json_node_get_array (node);
}

/* The string elements of an array member; other elements are skipped.
 * Never NULL. */
static char **
get_strv_member (JsonObject *object,
                 const char *name)
{
  JsonArray *array = get_array_member (object, name);
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();

  if (array != NULL)
    {
      guint n = json_array_get_length (array);

      for (guint i = 0; i < n; i++)
        {
          JsonNode *node = json_array_get_element (array, i);

          if (JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING)
            g_strv_builder_add (builder, json_node_get_string (node));
        }
    }

  return g_strv_builder_end (builder);
}

static GHashTable *
get_labels_member (JsonObject *object,
                   const char *name)
{
  GHashTable *labels = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  JsonObject *labels_object = get_object_member (object, name);

  if (labels_object != NULL)
    {
      JsonObjectIter iter;
      const char *key;
      JsonNode *node;

      json_object_iter_init (&iter, labels_object);
      while (json_object_iter_next (&iter, &key, &node))
        {
          if (JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING)
            g_hash_table_insert (labels, g_strdup (key), g_strdup (json_node_get_string (node)));
        }
    }

  return labels;
}

static gboolean
is_placeholder (const char *name)
{
  return name == NULL || *name == '\0' ||
         strcmp (name, "<none>:<none>") == 0 ||
         strcmp (name, "<none>@<none>") == 0 ||
         g_str_has_prefix (name, "<none>");
}

/* Podman lists fully qualified names (docker.io/library/alpine:latest);
 * Docker lists familiar ones. Show both the Docker way. A name that does
 * not parse is kept as the engine wrote it rather than dropped. */
static char *
familiar_name (const char *name)
{
  g_autoptr(DhReference) reference = NULL;

  /* Only Docker Hub names change in familiar form (`docker.io/`,
   * `index.docker.io/` and `library/` are dropped); any other name is
   * already familiar. Docker lists familiar names, so this skips the
   * parser for thousands of tags. */
  if (!g_str_has_prefix (name, "docker.io/") &&
      !g_str_has_prefix (name, "index.docker.io/") &&
      !g_str_has_prefix (name, "library/"))
    return g_strdup (name);

  if (!(reference = dh_reference_parse (name, NULL)))
    return g_strdup (name);

  return dh_reference_to_familiar_string (reference);
}

static gboolean
strv_contains_str (GPtrArray  *array,
                   const char *value)
{
  for (guint i = 0; i < array->len; i++)
    if (strcmp (g_ptr_array_index (array, i), value) == 0)
      return TRUE;

  return FALSE;
}

/* Splits RepoTags (which on Podman "may include tags and digests") and
 * RepoDigests into familiar, de-duplicated tags and digests. */
static void
collect_names (char        **repo_tags,
               char        **repo_digests,
               char       ***out_tags,
               char       ***out_digests)
{
  g_autoptr(GPtrArray) tags = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) digests = g_ptr_array_new_with_free_func (g_free);

  for (guint i = 0; repo_tags[i]; i++)
    {
      g_autofree char *familiar = NULL;
      GPtrArray *target;

      if (is_placeholder (repo_tags[i]))
        continue;

      familiar = familiar_name (repo_tags[i]);
      target = strchr (familiar, '@') != NULL ? digests : tags;
      if (!strv_contains_str (target, familiar))
        g_ptr_array_add (target, g_steal_pointer (&familiar));
    }

  for (guint i = 0; repo_digests[i]; i++)
    {
      g_autofree char *familiar = NULL;

      if (is_placeholder (repo_digests[i]))
        continue;

      familiar = familiar_name (repo_digests[i]);
      if (!strv_contains_str (digests, familiar))
        g_ptr_array_add (digests, g_steal_pointer (&familiar));
    }

  g_ptr_array_add (tags, NULL);
  g_ptr_array_add (digests, NULL);
  *out_tags = (char **)g_ptr_array_free (g_steal_pointer (&tags), FALSE);
  *out_digests = (char **)g_ptr_array_free (g_steal_pointer (&digests), FALSE);
}

static char *
make_short_id (const char *id)
{
  const char *hex = id;
  const char *colon = strchr (id, ':');

  if (colon != NULL)
    hex = colon + 1;

  return g_strndup (hex, 12);
}

static void
dh_image_finalize (GObject *object)
{
  DhImage *self = (DhImage *)object;

  g_clear_pointer (&self->id, g_free);
  g_clear_pointer (&self->short_id, g_free);
  g_clear_pointer (&self->tags, g_strfreev);
  g_clear_pointer (&self->digests, g_strfreev);
  g_clear_pointer (&self->labels, g_hash_table_unref);

  G_OBJECT_CLASS (dh_image_parent_class)->finalize (object);
}

static void
dh_image_get_property (GObject    *object,
                       guint       prop_id,
                       GValue     *value,
                       GParamSpec *pspec)
{
  DhImage *self = DH_IMAGE (object);

  switch (prop_id)
    {
    case PROP_ID:
      g_value_set_string (value, self->id);
      break;

    case PROP_SHORT_ID:
      g_value_set_string (value, self->short_id);
      break;

    case PROP_TAGS:
      g_value_set_boxed (value, self->tags);
      break;

    case PROP_DIGESTS:
      g_value_set_boxed (value, self->digests);
      break;

    case PROP_SIZE:
      g_value_set_int64 (value, self->size);
      break;

    case PROP_CREATED:
      g_value_set_int64 (value, self->created);
      break;

    case PROP_DANGLING:
      g_value_set_boolean (value, dh_image_is_dangling (self));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
dh_image_class_init (DhImageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = dh_image_finalize;
  object_class->get_property = dh_image_get_property;

  properties[PROP_ID] =
    g_param_spec_string ("id", NULL, NULL, NULL,
                         (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));
  properties[PROP_SHORT_ID] =
    g_param_spec_string ("short-id", NULL, NULL, NULL,
                         (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));
  properties[PROP_TAGS] =
    g_param_spec_boxed ("tags", NULL, NULL, G_TYPE_STRV,
                        (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  properties[PROP_DIGESTS] =
    g_param_spec_boxed ("digests", NULL, NULL, G_TYPE_STRV,
                        (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  properties[PROP_SIZE] =
    g_param_spec_int64 ("size", NULL, NULL, -1, G_MAXINT64, 0,
                        (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  properties[PROP_CREATED] =
    g_param_spec_int64 ("created", NULL, NULL, G_MININT64, G_MAXINT64, 0,
                        (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));
  properties[PROP_DANGLING] =
    g_param_spec_boolean ("dangling", NULL, NULL, FALSE,
                          (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
dh_image_init (DhImage *self)
{
}

/* Takes @labels. */
DhImage *
_dh_image_new (const char  *id,
               char       **repo_tags,
               char       **repo_digests,
               gint64       created,
               gint64       size,
               GHashTable  *labels)
{
  DhImage *self = g_object_new (DH_TYPE_IMAGE, NULL);

  self->id = g_strdup (id);
  self->short_id = make_short_id (id);
  collect_names (repo_tags, repo_digests, &self->tags, &self->digests);
  self->created = created;
  self->size = size;
  self->labels = labels;

  return self;
}

DhImage *
dh_image_new_from_json (JsonObject  *object,
                        GError     **error)
{
  g_auto(GStrv) repo_tags = NULL;
  g_auto(GStrv) repo_digests = NULL;
  const char *id;

  g_return_val_if_fail (object != NULL, NULL);

  if (!(id = get_string_member (object, "Id")) || *id == '\0')
    {
      g_set_error_literal (error, DH_ERROR, DH_ERROR_PROTOCOL,
                           _("The engine listed an image without an id"));
      return NULL;
    }

  repo_tags = get_strv_member (object, "RepoTags");
  repo_digests = get_strv_member (object, "RepoDigests");

  return _dh_image_new (id, repo_tags, repo_digests,
                    get_int_member (object, "Created", 0),
                    get_int_member (object, "Size", 0),
                    get_labels_member (object, "Labels"));
}

const char *
dh_image_get_id (DhImage *self)
{
  g_return_val_if_fail (DH_IS_IMAGE (self), NULL);

  return self->id;
}

const char *
dh_image_get_short_id (DhImage *self)
{
  g_return_val_if_fail (DH_IS_IMAGE (self), NULL);

  return self->short_id;
}

const char * const *
dh_image_get_tags (DhImage *self)
{
  g_return_val_if_fail (DH_IS_IMAGE (self), NULL);

  return self->tags ? (const char * const *)self->tags : empty_strv;
}

const char * const *
dh_image_get_digests (DhImage *self)
{
  g_return_val_if_fail (DH_IS_IMAGE (self), NULL);

  return self->digests ? (const char * const *)self->digests : empty_strv;
}

gint64
dh_image_get_size (DhImage *self)
{
  g_return_val_if_fail (DH_IS_IMAGE (self), 0);

  return self->size;
}

gint64
dh_image_get_created (DhImage *self)
{
  g_return_val_if_fail (DH_IS_IMAGE (self), 0);

  return self->created;
}

GHashTable *
dh_image_get_labels (DhImage *self)
{
  g_return_val_if_fail (DH_IS_IMAGE (self), NULL);

  if (self->labels == NULL)
    self->labels = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);

  return self->labels;
}

gboolean
dh_image_is_dangling (DhImage *self)
{
  g_return_val_if_fail (DH_IS_IMAGE (self), FALSE);

  return self->tags == NULL || self->tags[0] == NULL;
}

/* @tag in any spelling: `alpine`, `alpine:latest`,
 * `docker.io/library/alpine:latest` all match `alpine:latest`. */
gboolean
dh_image_has_tag (DhImage    *self,
                  const char *tag)
{
  g_autoptr(DhReference) reference = NULL;
  g_autofree char *familiar = NULL;

  g_return_val_if_fail (DH_IS_IMAGE (self), FALSE);
  g_return_val_if_fail (tag != NULL, FALSE);

  if (self->tags == NULL)
    return FALSE;

  if (g_strv_contains ((const char * const *)self->tags, tag))
    return TRUE;

  if (!(reference = dh_reference_parse (tag, NULL)) ||
      dh_reference_get_digest (reference) != NULL)
    return FALSE;

  if (dh_reference_get_tag (reference) == NULL)
    {
      g_autofree char *with_tag = g_strconcat (tag, ":latest", NULL);

      dh_reference_unref (g_steal_pointer (&reference));
      if (!(reference = dh_reference_parse (with_tag, NULL)))
        return FALSE;
    }

  familiar = dh_reference_to_familiar_string (reference);
  return g_strv_contains ((const char * const *)self->tags, familiar);
}

static gboolean
labels_equal (GHashTable *a,
              GHashTable *b)
{
  GHashTableIter iter;
  gpointer key, value;
  guint na = a ? g_hash_table_size (a) : 0;
  guint nb = b ? g_hash_table_size (b) : 0;

  if (na != nb)
    return FALSE;
  if (na == 0)
    return TRUE;

  g_hash_table_iter_init (&iter, a);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      const char *other = g_hash_table_lookup (b, key);

      if (other == NULL || strcmp (other, value) != 0)
        return FALSE;
    }

  return TRUE;
}

static gboolean
strv_equal0 (char **a,
             char **b)
{
  if (a == NULL || b == NULL)
    return (a == NULL || a[0] == NULL) && (b == NULL || b[0] == NULL);

  return g_strv_equal ((const char * const *)a, (const char * const *)b);
}

gboolean
dh_image_equal (DhImage *self,
                DhImage *other)
{
  g_return_val_if_fail (DH_IS_IMAGE (self), FALSE);
  g_return_val_if_fail (DH_IS_IMAGE (other), FALSE);

  return g_strcmp0 (self->id, other->id) == 0 &&
         self->size == other->size &&
         self->created == other->created &&
         strv_equal0 (self->tags, other->tags) &&
         strv_equal0 (self->digests, other->digests) &&
         labels_equal (self->labels, other->labels);
}

void
dh_image_update_from (DhImage *self,
                      DhImage *other)
{
  gboolean was_dangling;

  g_return_if_fail (DH_IS_IMAGE (self));
  g_return_if_fail (DH_IS_IMAGE (other));
  g_return_if_fail (g_strcmp0 (self->id, other->id) == 0);

  if (self == other)
    return;

  was_dangling = dh_image_is_dangling (self);

  g_object_freeze_notify (G_OBJECT (self));

  if (!strv_equal0 (self->tags, other->tags))
    {
      g_strfreev (self->tags);
      self->tags = g_strdupv (other->tags);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TAGS]);
    }

  if (!strv_equal0 (self->digests, other->digests))
    {
      g_strfreev (self->digests);
      self->digests = g_strdupv (other->digests);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DIGESTS]);
    }

  if (self->size != other->size)
    {
      self->size = other->size;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SIZE]);
    }

  if (!labels_equal (self->labels, other->labels))
    {
      g_clear_pointer (&self->labels, g_hash_table_unref);
      if (other->labels != NULL)
        self->labels = g_hash_table_ref (other->labels);
    }

  if (was_dangling != dh_image_is_dangling (self))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DANGLING]);

  g_object_thaw_notify (G_OBJECT (self));
}

int
dh_image_compare (DhImage *a,
                  DhImage *b)
{
  g_return_val_if_fail (DH_IS_IMAGE (a), 0);
  g_return_val_if_fail (DH_IS_IMAGE (b), 0);

  if (a->created != b->created)
    return a->created > b->created ? -1 : 1;

  return g_strcmp0 (a->id, b->id);
}

/* DhImageDetails */

static char *
dup_string_member (JsonObject *object,
                   const char *name)
{
  return object ? g_strdup (get_string_member (object, name)) : NULL;
}

/* Cmd and Entrypoint are arrays, but old images and Podman may write
 * a plain string or null. */
static char **
dup_command_member (JsonObject *object,
                    const char *name)
{
  const char *text;

  if (object == NULL)
    return NULL;

  if (get_array_member (object, name) != NULL)
    return get_strv_member (object, name);

  if ((text = get_string_member (object, name)))
    {
      char *single[] = { (char *)text, NULL };

      return g_strdupv (single);
    }

  return NULL;
}

static char **
familiar_strv (char **names)
{
  g_autoptr(GPtrArray) out = g_ptr_array_new ();

  for (guint i = 0; names && names[i]; i++)
    if (!is_placeholder (names[i]))
      g_ptr_array_add (out, familiar_name (names[i]));

  g_ptr_array_add (out, NULL);
  return (char **)g_ptr_array_free (g_steal_pointer (&out), FALSE);
}

static int
compare_strings (gconstpointer a,
                 gconstpointer b)
{
  return g_strcmp0 (*(const char * const *)a, *(const char * const *)b);
}

DhImageDetails *
dh_image_details_new_from_json (JsonObject  *object,
                                GError     **error)
{
  g_autoptr(DhImageDetails) self = NULL;
  g_auto(GStrv) repo_tags = NULL;
  g_auto(GStrv) repo_digests = NULL;
  JsonObject *config;
  JsonObject *rootfs;
  JsonObject *ports;
  const char *id;

  g_return_val_if_fail (object != NULL, NULL);

  if (!(id = get_string_member (object, "Id")) || *id == '\0')
    {
      g_set_error_literal (error, DH_ERROR, DH_ERROR_PROTOCOL,
                           _("The engine described an image without an id"));
      return NULL;
    }

  self = g_new0 (DhImageDetails, 1);
  self->id = g_strdup (id);

  repo_tags = get_strv_member (object, "RepoTags");
  repo_digests = get_strv_member (object, "RepoDigests");
  self->repo_tags = familiar_strv (repo_tags);
  self->repo_digests = familiar_strv (repo_digests);

  self->created = dup_string_member (object, "Created");
  self->author = dup_string_member (object, "Author");
  self->comment = dup_string_member (object, "Comment");
  self->architecture = dup_string_member (object, "Architecture");
  self->variant = dup_string_member (object, "Variant");
  self->os = dup_string_member (object, "Os");
  self->size = get_int_member (object, "Size", 0);

  config = get_object_member (object, "Config");
  self->cmd = dup_command_member (config, "Cmd");
  self->entrypoint = dup_command_member (config, "Entrypoint");
  self->env = config ? get_strv_member (config, "Env") : NULL;
  self->working_dir = dup_string_member (config, "WorkingDir");
  self->user = dup_string_member (config, "User");
  self->labels = config ? get_labels_member (config, "Labels")
                        : g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);

  if (config != NULL && (ports = get_object_member (config, "ExposedPorts")))
    {
      g_autoptr(GList) names = json_object_get_members (ports);
      g_autoptr(GPtrArray) array = g_ptr_array_new ();

      for (const GList *l = names; l; l = l->next)
        g_ptr_array_add (array, g_strdup (l->data));
      g_ptr_array_sort (array, compare_strings);
      g_ptr_array_add (array, NULL);
      self->exposed_ports = (char **)g_ptr_array_free (g_steal_pointer (&array), FALSE);
    }

  rootfs = get_object_member (object, "RootFS");
  self->layers = rootfs ? get_strv_member (rootfs, "Layers") : g_new0 (char *, 1);

  return g_steal_pointer (&self);
}

static GHashTable *
copy_labels (GHashTable *labels)
{
  GHashTable *copy = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  GHashTableIter iter;
  gpointer key, value;

  if (labels != NULL)
    {
      g_hash_table_iter_init (&iter, labels);
      while (g_hash_table_iter_next (&iter, &key, &value))
        g_hash_table_insert (copy, g_strdup (key), g_strdup (value));
    }

  return copy;
}

DhImageDetails *
dh_image_details_copy (const DhImageDetails *self)
{
  DhImageDetails *copy;

  g_return_val_if_fail (self != NULL, NULL);

  copy = g_new0 (DhImageDetails, 1);
  copy->id = g_strdup (self->id);
  copy->repo_tags = g_strdupv (self->repo_tags);
  copy->repo_digests = g_strdupv (self->repo_digests);
  copy->created = g_strdup (self->created);
  copy->author = g_strdup (self->author);
  copy->comment = g_strdup (self->comment);
  copy->architecture = g_strdup (self->architecture);
  copy->variant = g_strdup (self->variant);
  copy->os = g_strdup (self->os);
  copy->size = self->size;
  copy->cmd = g_strdupv (self->cmd);
  copy->entrypoint = g_strdupv (self->entrypoint);
  copy->env = g_strdupv (self->env);
  copy->working_dir = g_strdup (self->working_dir);
  copy->user = g_strdup (self->user);
  copy->exposed_ports = g_strdupv (self->exposed_ports);
  copy->labels = copy_labels (self->labels);
  copy->layers = g_strdupv (self->layers);

  return copy;
}

void
dh_image_details_free (DhImageDetails *self)
{
  if (self == NULL)
    return;

  g_free (self->id);
  g_strfreev (self->repo_tags);
  g_strfreev (self->repo_digests);
  g_free (self->created);
  g_free (self->author);
  g_free (self->comment);
  g_free (self->architecture);
  g_free (self->variant);
  g_free (self->os);
  g_strfreev (self->cmd);
  g_strfreev (self->entrypoint);
  g_strfreev (self->env);
  g_free (self->working_dir);
  g_free (self->user);
  g_strfreev (self->exposed_ports);
  g_clear_pointer (&self->labels, g_hash_table_unref);
  g_strfreev (self->layers);
  g_free (self);
}

G_DEFINE_BOXED_TYPE (DhImageDetails, dh_image_details,
                     dh_image_details_copy, dh_image_details_free)

/* DhImageHistoryEntry */

DhImageHistoryEntry *
dh_image_history_entry_new_from_json (JsonObject *object)
{
  g_auto(GStrv) tags = NULL;
  DhImageHistoryEntry *self;

  g_return_val_if_fail (object != NULL, NULL);

  self = g_new0 (DhImageHistoryEntry, 1);
  self->id = g_strdup (get_string_member (object, "Id"));
  self->created = get_int_member (object, "Created", 0);
  self->created_by = g_strdup (get_string_member (object, "CreatedBy"));
  tags = get_strv_member (object, "Tags");
  self->tags = familiar_strv (tags);
  self->size = get_int_member (object, "Size", 0);
  self->comment = g_strdup (get_string_member (object, "Comment"));

  return self;
}

DhImageHistoryEntry *
dh_image_history_entry_copy (const DhImageHistoryEntry *self)
{
  DhImageHistoryEntry *copy;

  g_return_val_if_fail (self != NULL, NULL);

  copy = g_new0 (DhImageHistoryEntry, 1);
  copy->id = g_strdup (self->id);
  copy->created = self->created;
  copy->created_by = g_strdup (self->created_by);
  copy->tags = g_strdupv (self->tags);
  copy->size = self->size;
  copy->comment = g_strdup (self->comment);

  return copy;
}

void
dh_image_history_entry_free (DhImageHistoryEntry *self)
{
  if (self == NULL)
    return;

  g_free (self->id);
  g_free (self->created_by);
  g_strfreev (self->tags);
  g_free (self->comment);
  g_free (self);
}

G_DEFINE_BOXED_TYPE (DhImageHistoryEntry, dh_image_history_entry,
                     dh_image_history_entry_copy, dh_image_history_entry_free)


/* GET /images/json as a whole: the one-pass scanner of
 * dh-image-scanner.c first, json-glib when the scanner gives up. */

GPtrArray *
_dh_image_parse_summaries_with_json_glib (const char  *data,
                                         gsize        length,
                                         GError     **error)
{
  g_autoptr(JsonParser) parser = json_parser_new_immutable ();
  g_autoptr(GPtrArray) images = NULL;
  g_autoptr(GError) local_error = NULL;
  JsonNode *root;
  JsonArray *array;
  guint n;

  if (!json_parser_load_from_data (parser, data, length, &local_error))
    {
      g_set_error (error, DH_ERROR, DH_ERROR_PROTOCOL,
                   _("The engine sent an image list that is not valid JSON (%s): check that "
                   "the address points to a Docker or Podman engine"),
                   local_error->message);
      return NULL;
    }

  root = json_parser_get_root (parser);
  if (root == NULL || !JSON_NODE_HOLDS_ARRAY (root))
    {
      g_set_error_literal (error, DH_ERROR, DH_ERROR_PROTOCOL,
                           _("The engine's image list is not a JSON array: check that the "
                           "address points to a Docker or Podman engine"));
      return NULL;
    }

  array = json_node_get_array (root);
  n = json_array_get_length (array);
  images = g_ptr_array_new_full (n, g_object_unref);

  for (guint i = 0; i < n; i++)
    {
      JsonNode *node = json_array_get_element (array, i);
      DhImage *image;

      if (!JSON_NODE_HOLDS_OBJECT (node))
        continue;

      /* One unreadable entry must not hide every other image. */
      if ((image = dh_image_new_from_json (json_node_get_object (node), NULL)))
        g_ptr_array_add (images, image);
    }

  return g_steal_pointer (&images);
}

GPtrArray *
dh_image_parse_summaries (const char  *data,
                          gsize        length,
                          GError     **error)
{
  GPtrArray *images;

  g_return_val_if_fail (data != NULL || length == 0, NULL);

  if (data != NULL && (images = _dh_image_scan_summaries (data, length)))
    return images;

  return _dh_image_parse_summaries_with_json_glib (data ? data : "", length, error);
}
