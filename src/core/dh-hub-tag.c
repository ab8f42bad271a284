/* dh-hub-tag.c
 *
 * Copyright 2026 The Dockhand Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "dh-hub-tag"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "dh-error.h"
#include "dh-hub-tag.h"
#include "dh-http-private.h"
#include "dh-repository.h"

struct _DhHubTag
{
  GObject    parent_instance;

  char      *name;
  char      *digest;
  GStrv      platforms;
  GDateTime *last_pushed;
  GDateTime *last_updated;
  gint64     full_size;
};

enum {
  PROP_0,
  PROP_NAME,
  PROP_DIGEST,
  PROP_FULL_SIZE,
  PROP_LAST_PUSHED,
  PROP_LAST_UPDATED,
  PROP_PLATFORMS,
  N_PROPS
};

G_DEFINE_FINAL_TYPE (DhHubTag, dh_hub_tag, G_TYPE_OBJECT)

static GParamSpec *properties[N_PROPS];

static void
dh_hub_tag_finalize (GObject *object)
{
  DhHubTag *self = (DhHubTag *)object;

  g_clear_pointer (&self->name, g_free);
  g_clear_pointer (&self->digest, g_free);
  g_clear_pointer (&self->platforms, g_strfreev);
  g_clear_pointer (&self->last_pushed, g_date_time_unref);
  g_clear_pointer (&self->last_updated, g_date_time_unref);

  G_OBJECT_CLASS (dh_hub_tag_parent_class)->finalize (object);
}

static void
dh_hub_tag_get_property (GObject    *object,
                         guint       prop_id,
                         GValue     *value,
                         GParamSpec *pspec)
{
  DhHubTag *self = DH_HUB_TAG (object);

  switch (prop_id)
    {
    case PROP_NAME:
      g_value_set_string (value, self->name);
      break;

    case PROP_DIGEST:
      g_value_set_string (value, self->digest);
      break;

    case PROP_FULL_SIZE:
      g_value_set_int64 (value, self->full_size);
      break;

    case PROP_LAST_PUSHED:
      g_value_set_boxed (value, self->last_pushed);
      break;

    case PROP_LAST_UPDATED:
      g_value_set_boxed (value, self->last_updated);
      break;

    case PROP_PLATFORMS:
      g_value_set_boxed (value, self->platforms);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
dh_hub_tag_class_init (DhHubTagClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = dh_hub_tag_finalize;
  object_class->get_property = dh_hub_tag_get_property;

  properties[PROP_NAME] =
    g_param_spec_string ("name", NULL, NULL, NULL,
                         (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));
  properties[PROP_DIGEST] =
    g_param_spec_string ("digest", NULL, NULL, NULL,
                         (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));
  properties[PROP_FULL_SIZE] =
    g_param_spec_int64 ("full-size", NULL, NULL, -1, G_MAXINT64, -1,
                        (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));
  properties[PROP_LAST_PUSHED] =
    g_param_spec_boxed ("last-pushed", NULL, NULL, G_TYPE_DATE_TIME,
                        (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));
  properties[PROP_LAST_UPDATED] =
    g_param_spec_boxed ("last-updated", NULL, NULL, G_TYPE_DATE_TIME,
                        (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));
  properties[PROP_PLATFORMS] =
    g_param_spec_boxed ("platforms", NULL, NULL, G_TYPE_STRV,
                        (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
dh_hub_tag_init (DhHubTag *self)
{
  self->full_size = -1;
}

static char *
platform_of_image (JsonObject *image)
{
  const char *os = _dh_json_get_string (image, "os");
  const char *arch = _dh_json_get_string (image, "architecture");
  const char *variant = _dh_json_get_string (image, "variant");

  if (arch == NULL || *arch == '\0')
    return NULL;

  if (os == NULL || *os == '\0')
    os = "unknown";

  if (variant != NULL && *variant != '\0')
    return g_strdup_printf ("%s/%s/%s", os, arch, variant);

  return g_strdup_printf ("%s/%s", os, arch);
}

/**
 * dh_hub_tag_new_from_json:
 * @node: one `tag` object of the Hub's tag list
 *
 * Returns: (transfer full): the tag, or %NULL with %DH_ERROR_PROTOCOL
 *   when @node is not an object with a name.
 */
DhHubTag *
dh_hub_tag_new_from_json (JsonNode  *node,
                          GError   **error)
{
  g_autoptr(DhHubTag) self = NULL;
  g_autoptr(GPtrArray) platforms = g_ptr_array_new_with_free_func (g_free);
  const char *name;
  const char *image_digest = NULL;
  guint n_images_with_digest = 0;
  JsonObject *object;
  JsonNode *images;
  gint64 size;

  g_return_val_if_fail (node != NULL, NULL);

  if (!JSON_NODE_HOLDS_OBJECT (node) ||
      !(name = _dh_json_get_string (object = json_node_get_object (node), "name")) ||
      *name == '\0')
    {
      g_set_error_literal (error, DH_ERROR, DH_ERROR_PROTOCOL,
                           _("Docker Hub sent a response Dockhand could not read: "
                           "a tag without a name. Try again later."));
      return NULL;
    }

  self = g_object_new (DH_TYPE_HUB_TAG, NULL);
  self->name = g_strdup (name);

  if (_dh_json_get_int (object, "full_size", &size) && size >= 0)
    self->full_size = size;

  self->last_pushed = _dh_json_get_date_time (object, "tag_last_pushed");
  self->last_updated = _dh_json_get_date_time (object, "last_updated");

  images = json_object_get_member (object, "images");
  if (images != NULL && JSON_NODE_HOLDS_ARRAY (images))
    {
      JsonArray *array = json_node_get_array (images);
      guint n = json_array_get_length (array);

      for (guint i = 0; i < n; i++)
        {
          JsonNode *element = json_array_get_element (array, i);
          JsonObject *image;
          char *platform;
          const char *digest;

          if (!JSON_NODE_HOLDS_OBJECT (element))
            continue;

          image = json_node_get_object (element);

          /* BuildKit's provenance and SBOM attestations (in-toto
           * manifests) are listed beside the images as unknown/unknown:
           * they are no platform anyone can pull. */
          platform = platform_of_image (image);
          if (g_strcmp0 (platform, "unknown/unknown") == 0)
            {
              g_free (platform);
              continue;
            }

          if (platform != NULL)
            g_ptr_array_add (platforms, platform);

          if ((digest = _dh_json_get_string (image, "digest")) && *digest)
            {
              image_digest = digest;
              n_images_with_digest++;
            }
        }
    }

  /* The top-level digest is undocumented but sent (PROTOCOLS.md §3); for a
   * single-platform tag the image digest is the same thing. */
  if (_dh_json_get_string (object, "digest") != NULL &&
      *_dh_json_get_string (object, "digest") != '\0')
    self->digest = g_strdup (_dh_json_get_string (object, "digest"));
  else if (n_images_with_digest == 1)
    self->digest = g_strdup (image_digest);

  if (self->last_pushed == NULL)
    self->last_pushed = self->last_updated ? g_date_time_ref (self->last_updated) : NULL;

  g_ptr_array_add (platforms, NULL);
  self->platforms = (GStrv)g_ptr_array_free (g_steal_pointer (&platforms), FALSE);

  return g_steal_pointer (&self);
}

const char *
dh_hub_tag_get_name (DhHubTag *self)
{
  g_return_val_if_fail (DH_IS_HUB_TAG (self), NULL);

  return self->name;
}

gint64
dh_hub_tag_get_full_size (DhHubTag *self)
{
  g_return_val_if_fail (DH_IS_HUB_TAG (self), -1);

  return self->full_size;
}

const char *
dh_hub_tag_get_digest (DhHubTag *self)
{
  g_return_val_if_fail (DH_IS_HUB_TAG (self), NULL);

  return self->digest;
}

/**
 * dh_hub_tag_get_last_pushed:
 *
 * Returns: (transfer none) (nullable): `tag_last_pushed`, falling back
 *   to `last_updated`.
 */
GDateTime *
dh_hub_tag_get_last_pushed (DhHubTag *self)
{
  g_return_val_if_fail (DH_IS_HUB_TAG (self), NULL);

  return self->last_pushed;
}

GDateTime *
dh_hub_tag_get_last_updated (DhHubTag *self)
{
  g_return_val_if_fail (DH_IS_HUB_TAG (self), NULL);

  return self->last_updated;
}

const char * const *
dh_hub_tag_get_platforms (DhHubTag *self)
{
  g_return_val_if_fail (DH_IS_HUB_TAG (self), NULL);

  return (const char * const *)self->platforms;
}

char *
dh_hub_tag_dup_platforms_text (DhHubTag *self)
{
  g_return_val_if_fail (DH_IS_HUB_TAG (self), NULL);

  return g_strjoinv (", ", self->platforms);
}
