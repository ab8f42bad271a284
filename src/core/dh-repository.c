/* dh-repository.c
 *
 * Copyright 2026 The Dockhand Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "dh-repository"

#include "config.h"

#include <glib/gi18n-lib.h>

#include <string.h>

#include "dh-error.h"
#include "dh-repository.h"
#include "dh-repository-private.h"
#include "dh-http-private.h"

struct _DhRepository
{
  GObject    parent_instance;

  char      *name;
  char      *namespace_;
  char      *description;
  char      *full_description;
  char      *status_description;
  char      *repository_type;
  GDateTime *last_updated;
  gint64     star_count;
  gint64     pull_count;
  int        status;
  guint      is_private : 1;
};

enum {
  PROP_0,
  PROP_NAME,
  PROP_NAMESPACE,
  PROP_FULL_NAME,
  PROP_DESCRIPTION,
  PROP_IS_PRIVATE,
  PROP_STAR_COUNT,
  PROP_PULL_COUNT,
  PROP_LAST_UPDATED,
  PROP_STATUS,
  PROP_STATUS_DESCRIPTION,
  N_PROPS
};

G_DEFINE_FINAL_TYPE (DhRepository, dh_repository, G_TYPE_OBJECT)

static GParamSpec *properties[N_PROPS];

/* The Hub writes RFC 3339 with a Z; a missing zone means UTC. */
static GDateTime *
date_time_from_text (const char *text)
{
  g_autoptr(GTimeZone) utc = NULL;

  if (text == NULL || *text == '\0')
    return NULL;

  utc = g_time_zone_new_utc ();
  return g_date_time_new_from_iso8601 (text, utc);
}

GDateTime *
_dh_json_get_date_time (JsonObject *object,
                        const char *member)
{
  return date_time_from_text (_dh_json_get_string (object, member));
}

static void
dh_repository_finalize (GObject *object)
{
  DhRepository *self = (DhRepository *)object;

  g_clear_pointer (&self->name, g_free);
  g_clear_pointer (&self->namespace_, g_free);
  g_clear_pointer (&self->description, g_free);
  g_clear_pointer (&self->full_description, g_free);
  g_clear_pointer (&self->status_description, g_free);
  g_clear_pointer (&self->repository_type, g_free);
  g_clear_pointer (&self->last_updated, g_date_time_unref);

  G_OBJECT_CLASS (dh_repository_parent_class)->finalize (object);
}

static void
dh_repository_get_property (GObject    *object,
                            guint       prop_id,
                            GValue     *value,
                            GParamSpec *pspec)
{
  DhRepository *self = DH_REPOSITORY (object);

  switch (prop_id)
    {
    case PROP_NAME:
      g_value_set_string (value, self->name);
      break;

    case PROP_NAMESPACE:
      g_value_set_string (value, self->namespace_);
      break;

    case PROP_FULL_NAME:
      g_value_take_string (value, dh_repository_dup_full_name (self));
      break;

    case PROP_DESCRIPTION:
      g_value_set_string (value, self->description);
      break;

    case PROP_IS_PRIVATE:
      g_value_set_boolean (value, self->is_private);
      break;

    case PROP_STAR_COUNT:
      g_value_set_int64 (value, self->star_count);
      break;

    case PROP_PULL_COUNT:
      g_value_set_int64 (value, self->pull_count);
      break;

    case PROP_LAST_UPDATED:
      g_value_set_boxed (value, self->last_updated);
      break;

    case PROP_STATUS:
      g_value_set_int (value, self->status);
      break;

    case PROP_STATUS_DESCRIPTION:
      g_value_set_string (value, self->status_description);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
dh_repository_set_property (GObject      *object,
                            guint         prop_id,
                            const GValue *value,
                            GParamSpec   *pspec)
{
  DhRepository *self = DH_REPOSITORY (object);

  switch (prop_id)
    {
    case PROP_NAME:
      g_free (self->name);
      self->name = g_value_dup_string (value);
      break;

    case PROP_NAMESPACE:
      g_free (self->namespace_);
      self->namespace_ = g_value_dup_string (value);
      break;

    case PROP_DESCRIPTION:
      dh_repository_set_description (self, g_value_get_string (value));
      break;

    case PROP_IS_PRIVATE:
      dh_repository_set_is_private (self, g_value_get_boolean (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
dh_repository_class_init (DhRepositoryClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = dh_repository_finalize;
  object_class->get_property = dh_repository_get_property;
  object_class->set_property = dh_repository_set_property;

  properties[PROP_NAME] =
    g_param_spec_string ("name", NULL, NULL, NULL,
                         (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));
  properties[PROP_NAMESPACE] =
    g_param_spec_string ("namespace", NULL, NULL, NULL,
                         (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));
  properties[PROP_FULL_NAME] =
    g_param_spec_string ("full-name", NULL, NULL, NULL,
                         (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));
  properties[PROP_DESCRIPTION] =
    g_param_spec_string ("description", NULL, NULL, NULL,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  properties[PROP_IS_PRIVATE] =
    g_param_spec_boolean ("is-private", NULL, NULL, FALSE,
                          (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  properties[PROP_STAR_COUNT] =
    g_param_spec_int64 ("star-count", NULL, NULL, 0, G_MAXINT64, 0,
                        (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));
  properties[PROP_PULL_COUNT] =
    g_param_spec_int64 ("pull-count", NULL, NULL, 0, G_MAXINT64, 0,
                        (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));
  properties[PROP_LAST_UPDATED] =
    g_param_spec_boxed ("last-updated", NULL, NULL, G_TYPE_DATE_TIME,
                        (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));
  properties[PROP_STATUS] =
    g_param_spec_int ("status", NULL, NULL, G_MININT, G_MAXINT, 0,
                      (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));
  properties[PROP_STATUS_DESCRIPTION] =
    g_param_spec_string ("status-description", NULL, NULL, NULL,
                         (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
dh_repository_init (DhRepository *self)
{
}

DhRepository *
dh_repository_new (const char *namespace_,
                   const char *name)
{
  g_return_val_if_fail (namespace_ != NULL, NULL);
  g_return_val_if_fail (name != NULL, NULL);

  return g_object_new (DH_TYPE_REPOSITORY,
                       "namespace", namespace_,
                       "name", name,
                       NULL);
}

/* The fields of a `repository_list_entry` or `repository_info` that a
 * repository keeps, as read from a json-glib node or by the scanner: a
 * string of another type is NULL, a number or flag of another type is
 * not there. */
typedef struct
{
  const char *name;
  const char *namespace_;
  const char *user;
  const char *description;
  const char *full_description;
  const char *status_description;
  const char *repository_type;
  const char *last_updated;
  gint64      star_count;
  gint64      pull_count;
  gint64      status;
  gboolean    is_private;
  guint       have_star_count : 1;
  guint       have_pull_count : 1;
  guint       have_status : 1;
  guint       have_is_private : 1;
} Fields;

/* Both ways of reading a repository end here: what is required, and what
 * is taken, is decided once. */
static DhRepository *
repository_new_from_fields (const Fields *fields)
{
  DhRepository *self;
  /* Older responses name the owner `user` instead of `namespace`. */
  const char *namespace_ = fields->namespace_ != NULL ? fields->namespace_ : fields->user;

  if (fields->name == NULL || *fields->name == '\0' || namespace_ == NULL || *namespace_ == '\0')
    return NULL;

  self = g_object_new (DH_TYPE_REPOSITORY, NULL);
  self->name = g_strdup (fields->name);
  self->namespace_ = g_strdup (namespace_);
  self->description = g_strdup (fields->description);
  self->full_description = g_strdup (fields->full_description);
  self->status_description = g_strdup (fields->status_description);
  self->repository_type = g_strdup (fields->repository_type);
  self->last_updated = date_time_from_text (fields->last_updated);

  if (fields->have_is_private)
    self->is_private = !!fields->is_private;
  if (fields->have_star_count && fields->star_count >= 0)
    self->star_count = fields->star_count;
  if (fields->have_pull_count && fields->pull_count >= 0)
    self->pull_count = fields->pull_count;
  if (fields->have_status && fields->status >= G_MININT && fields->status <= G_MAXINT)
    self->status = (int)fields->status;

  return self;
}

/**
 * dh_repository_new_from_json:
 * @node: one `repository_list_entry` or `repository_info` object
 *
 * Only `name` and `namespace` are required; everything else is taken
 * when present with the documented type and ignored otherwise.
 *
 * Returns: (transfer full): a new repository, or %NULL with
 *   %DH_ERROR_PROTOCOL when @node is not an object with a name.
 */
DhRepository *
dh_repository_new_from_json (JsonNode  *node,
                             GError   **error)
{
  DhRepository *self = NULL;
  JsonObject *object;
  Fields fields = { 0 };

  g_return_val_if_fail (node != NULL, NULL);

  if (JSON_NODE_HOLDS_OBJECT (node))
    {
      object = json_node_get_object (node);
      fields.name = _dh_json_get_string (object, "name");
      fields.namespace_ = _dh_json_get_string (object, "namespace");
      fields.user = _dh_json_get_string (object, "user");
      fields.description = _dh_json_get_string (object, "description");
      fields.full_description = _dh_json_get_string (object, "full_description");
      fields.status_description = _dh_json_get_string (object, "status_description");
      fields.repository_type = _dh_json_get_string (object, "repository_type");
      fields.last_updated = _dh_json_get_string (object, "last_updated");
      fields.have_is_private = _dh_json_get_boolean (object, "is_private", &fields.is_private);
      fields.have_star_count = _dh_json_get_int (object, "star_count", &fields.star_count);
      fields.have_pull_count = _dh_json_get_int (object, "pull_count", &fields.pull_count);
      fields.have_status = _dh_json_get_int (object, "status", &fields.status);
      self = repository_new_from_fields (&fields);
    }

  if (self == NULL)
    g_set_error_literal (error, DH_ERROR, DH_ERROR_PROTOCOL,
                         _("Docker Hub sent a response Dockhand could not read: "
                         "a repository without a name. Try again later."));
  return self;
}

/* The members a repository keeps, by name. */
typedef enum
{
  MEMBER_OTHER,
  MEMBER_NAME,
  MEMBER_NAMESPACE,
  MEMBER_USER,
  MEMBER_DESCRIPTION,
  MEMBER_FULL_DESCRIPTION,
  MEMBER_STATUS_DESCRIPTION,
  MEMBER_REPOSITORY_TYPE,
  MEMBER_LAST_UPDATED,
  MEMBER_IS_PRIVATE,
  MEMBER_STAR_COUNT,
  MEMBER_PULL_COUNT,
  MEMBER_STATUS,
  N_MEMBERS
} Member;

static Member
member_for_key (const char *key)
{
  static const char * const names[N_MEMBERS] = {
    [MEMBER_NAME] = "name",
    [MEMBER_NAMESPACE] = "namespace",
    [MEMBER_USER] = "user",
    [MEMBER_DESCRIPTION] = "description",
    [MEMBER_FULL_DESCRIPTION] = "full_description",
    [MEMBER_STATUS_DESCRIPTION] = "status_description",
    [MEMBER_REPOSITORY_TYPE] = "repository_type",
    [MEMBER_LAST_UPDATED] = "last_updated",
    [MEMBER_IS_PRIVATE] = "is_private",
    [MEMBER_STAR_COUNT] = "star_count",
    [MEMBER_PULL_COUNT] = "pull_count",
    [MEMBER_STATUS] = "status",
  };

  for (guint i = 1; i < N_MEMBERS; i++)
    if (names[i][0] == key[0] && strcmp (names[i], key) == 0)
      return (Member)i;

  return MEMBER_OTHER;
}

gboolean
_dh_repository_scan (DhJsonScanner *scan,
                     GPtrArray     *items)
{
  char *text[N_MEMBERS] = { NULL };
  Fields fields = { 0 };
  gboolean ok = TRUE;
  gboolean have;
  DhRepository *self;

  /* Not an object: dh_repository_new_from_json() refuses it, and the page
   * goes on without it. */
  if (!_dh_json_scan_peek (scan, '{'))
    return _dh_json_scan_skip_value (scan, 1);
  scan->p++;

  if (!_dh_json_scan_char (scan, '}'))
    {
      do
        {
          Member member;

          if (!_dh_json_scan_string (scan) || !_dh_json_scan_char (scan, ':'))
            {
              ok = FALSE;
              break;
            }

          member = member_for_key (scan->buffer->str);
          switch (member)
            {
            case MEMBER_IS_PRIVATE:
              ok = _dh_json_scan_boolean_or_skip (scan, &fields.is_private, &have);
              fields.have_is_private = have;
              break;
            case MEMBER_STAR_COUNT:
              ok = _dh_json_scan_integer_or_skip (scan, &fields.star_count, &have);
              fields.have_star_count = have;
              break;
            case MEMBER_PULL_COUNT:
              ok = _dh_json_scan_integer_or_skip (scan, &fields.pull_count, &have);
              fields.have_pull_count = have;
              break;
            case MEMBER_STATUS:
              ok = _dh_json_scan_integer_or_skip (scan, &fields.status, &have);
              fields.have_status = have;
              break;
            case MEMBER_OTHER:
              ok = _dh_json_scan_skip_value (scan, 1);
              break;
            default:
              ok = _dh_json_scan_string_or_skip (scan, &text[member]);
              break;
            }
        }
      while (ok && _dh_json_scan_char (scan, ','));

      ok = ok && _dh_json_scan_char (scan, '}');
    }

  if (ok)
    {
      fields.name = text[MEMBER_NAME];
      fields.namespace_ = text[MEMBER_NAMESPACE];
      fields.user = text[MEMBER_USER];
      fields.description = text[MEMBER_DESCRIPTION];
      fields.full_description = text[MEMBER_FULL_DESCRIPTION];
      fields.status_description = text[MEMBER_STATUS_DESCRIPTION];
      fields.repository_type = text[MEMBER_REPOSITORY_TYPE];
      fields.last_updated = text[MEMBER_LAST_UPDATED];

      if ((self = repository_new_from_fields (&fields)))
        g_ptr_array_add (items, self);
    }

  for (guint i = 0; i < N_MEMBERS; i++)
    g_free (text[i]);

  return ok;
}

static gboolean
date_time_equal (GDateTime *a,
                 GDateTime *b)
{
  return a == b || (a != NULL && b != NULL && g_date_time_equal (a, b));
}

gboolean
_dh_repository_equal (DhRepository *a,
                      DhRepository *b)
{
  g_return_val_if_fail (DH_IS_REPOSITORY (a), FALSE);
  g_return_val_if_fail (DH_IS_REPOSITORY (b), FALSE);

  return g_strcmp0 (a->name, b->name) == 0 &&
         g_strcmp0 (a->namespace_, b->namespace_) == 0 &&
         g_strcmp0 (a->description, b->description) == 0 &&
         g_strcmp0 (a->full_description, b->full_description) == 0 &&
         g_strcmp0 (a->status_description, b->status_description) == 0 &&
         g_strcmp0 (a->repository_type, b->repository_type) == 0 &&
         date_time_equal (a->last_updated, b->last_updated) &&
         a->star_count == b->star_count &&
         a->pull_count == b->pull_count &&
         a->status == b->status &&
         a->is_private == b->is_private;
}

const char *
dh_repository_get_name (DhRepository *self)
{
  g_return_val_if_fail (DH_IS_REPOSITORY (self), NULL);

  return self->name;
}

const char *
dh_repository_get_namespace (DhRepository *self)
{
  g_return_val_if_fail (DH_IS_REPOSITORY (self), NULL);

  return self->namespace_;
}

const char *
dh_repository_get_description (DhRepository *self)
{
  g_return_val_if_fail (DH_IS_REPOSITORY (self), NULL);

  return self->description;
}

void
dh_repository_set_description (DhRepository *self,
                               const char   *description)
{
  g_return_if_fail (DH_IS_REPOSITORY (self));

  if (g_strcmp0 (self->description, description) == 0)
    return;

  g_free (self->description);
  self->description = g_strdup (description);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DESCRIPTION]);
}

const char *
dh_repository_get_full_description (DhRepository *self)
{
  g_return_val_if_fail (DH_IS_REPOSITORY (self), NULL);

  return self->full_description;
}

gboolean
dh_repository_get_is_private (DhRepository *self)
{
  g_return_val_if_fail (DH_IS_REPOSITORY (self), FALSE);

  return self->is_private;
}

void
dh_repository_set_is_private (DhRepository *self,
                              gboolean      is_private)
{
  g_return_if_fail (DH_IS_REPOSITORY (self));

  is_private = !!is_private;
  if (self->is_private == (guint)is_private)
    return;

  self->is_private = is_private;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_IS_PRIVATE]);
}

gint64
dh_repository_get_star_count (DhRepository *self)
{
  g_return_val_if_fail (DH_IS_REPOSITORY (self), 0);

  return self->star_count;
}

gint64
dh_repository_get_pull_count (DhRepository *self)
{
  g_return_val_if_fail (DH_IS_REPOSITORY (self), 0);

  return self->pull_count;
}

/**
 * dh_repository_get_last_updated:
 *
 * Returns: (transfer none) (nullable): when the repository was last
 *   pushed to, or %NULL when the Hub did not say.
 */
GDateTime *
dh_repository_get_last_updated (DhRepository *self)
{
  g_return_val_if_fail (DH_IS_REPOSITORY (self), NULL);

  return self->last_updated;
}

int
dh_repository_get_status (DhRepository *self)
{
  g_return_val_if_fail (DH_IS_REPOSITORY (self), 0);

  return self->status;
}

const char *
dh_repository_get_status_description (DhRepository *self)
{
  g_return_val_if_fail (DH_IS_REPOSITORY (self), NULL);

  return self->status_description;
}

const char *
dh_repository_get_repository_type (DhRepository *self)
{
  g_return_val_if_fail (DH_IS_REPOSITORY (self), NULL);

  return self->repository_type;
}

char *
dh_repository_dup_full_name (DhRepository *self)
{
  g_return_val_if_fail (DH_IS_REPOSITORY (self), NULL);

  return g_strdup_printf ("%s/%s", self->namespace_, self->name);
}

/* Official images live at /_/name on the web, everything else at /r/ns/name. */
char *
dh_repository_dup_web_url (DhRepository *self)
{
  g_autofree char *ns = NULL;
  g_autofree char *name = NULL;

  g_return_val_if_fail (DH_IS_REPOSITORY (self), NULL);

  name = g_uri_escape_string (self->name, NULL, FALSE);
  if (g_strcmp0 (self->namespace_, DH_HUB_LIBRARY_NAMESPACE) == 0)
    return g_strdup_printf ("https://hub.docker.com/_/%s", name);

  ns = g_uri_escape_string (self->namespace_, NULL, FALSE);
  return g_strdup_printf ("https://hub.docker.com/r/%s/%s", ns, name);
}

static gboolean
is_lower_alnum (char c)
{
  return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
}

gboolean
dh_repository_name_is_valid (const char *name)
{
  gsize len;
  gboolean after_separator = TRUE;

  if (name == NULL)
    return FALSE;

  len = strlen (name);
  if (len < 2 || len > 255)
    return FALSE;

  /* ^[a-z0-9]+(?:[._-][a-z0-9]+)*$ : a separator is a single character
   * between two alphanumerics. */
  for (const char *p = name; *p; p++)
    {
      if (is_lower_alnum (*p))
        after_separator = FALSE;
      else if (*p == '.' || *p == '_' || *p == '-')
        {
          if (after_separator)
            return FALSE;
          after_separator = TRUE;
        }
      else
        return FALSE;
    }

  return !after_separator;
}
