/* dh-repository-row.c
 *
 * Copyright 2026 The Dockhand Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "dh-repository-row"

#include "config.h"

#include <glib/gi18n.h>

#include "dh-format.h"
#include "dh-minute.h"
#include "dh-repository-row.h"
#include "dh-tooltip.h"

struct _DhRepositoryRow
{
  AdwActionRow  parent_instance;

  DhRepository *repository;

  GtkLabel     *badge;
  GtkLabel     *stars;
  GtkLabel     *pulls;
  GtkLabel     *pushed;
};

enum {
  PROP_0,
  PROP_REPOSITORY,
  N_PROPS
};

G_DEFINE_FINAL_TYPE (DhRepositoryRow, dh_repository_row, ADW_TYPE_ACTION_ROW)

static GParamSpec *properties[N_PROPS];

/* 1234567 → "1.2M", as the Hub shows counts. */
static char *
format_count (gint64 count)
{
  if (count >= 1000000)
    return g_strdup_printf ("%.1fM", count / 1000000.0);
  if (count >= 10000)
    return g_strdup_printf ("%" G_GINT64_FORMAT "K", count / 1000);
  return g_strdup_printf ("%" G_GINT64_FORMAT, count);
}

static void
dh_repository_row_update (DhRepositoryRow *self)
{
  DhRepository *repository = self->repository;
  const char *description = dh_repository_get_description (repository);
  GDateTime *updated = dh_repository_get_last_updated (repository);
  gboolean is_private = dh_repository_get_is_private (repository);
  g_autofree char *stars = format_count (dh_repository_get_star_count (repository));
  g_autofree char *pulls = format_count (dh_repository_get_pull_count (repository));
  g_autofree char *pulls_text = g_strdup_printf (_("%s pulls"), pulls);
  g_autofree char *pushed = NULL;
  g_autofree char *pushed_tip = NULL;

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self), dh_repository_get_name (repository));
  adw_action_row_set_subtitle (ADW_ACTION_ROW (self),
                               description != NULL && *description != '\0'
                                 ? description : _("No description"));

  gtk_label_set_text (self->badge, is_private ? _("Private") : _("Public"));
  dh_tooltip_set_text (GTK_WIDGET (self->badge),
                               is_private ? _("Only you and people you share it with can pull it")
                                          : _("Anyone can pull it"));
  gtk_widget_remove_css_class (GTK_WIDGET (self->badge), is_private ? "success" : "warning");
  gtk_widget_add_css_class (GTK_WIDGET (self->badge), is_private ? "warning" : "success");

  gtk_label_set_text (self->stars, stars);
  gtk_label_set_text (self->pulls, pulls_text);

  if (updated != NULL)
    {
      g_autofree char *when = dh_format_relative_time (g_date_time_to_unix (updated),
                                                       dh_minute_now (GTK_WIDGET (self)));

      /* Translators: %s is a relative time such as "3 days ago" */
      pushed = g_strdup_printf (_("Pushed %s"), when);
      pushed_tip = dh_format_absolute_time (g_date_time_to_unix (updated));
    }
  gtk_label_set_text (self->pushed, pushed != NULL ? pushed : _("Never pushed"));
  dh_tooltip_set_text (GTK_WIDGET (self->pushed), pushed_tip);
}

static GtkLabel *
add_suffix_label (DhRepositoryRow *self,
                  const char      *icon_name,
                  int              width_chars,
                  const char      *tooltip)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 4);
  GtkWidget *label = gtk_label_new (NULL);

  gtk_widget_set_valign (box, GTK_ALIGN_CENTER);
  if (icon_name != NULL)
    gtk_box_append (GTK_BOX (box), gtk_image_new_from_icon_name (icon_name));
  gtk_label_set_width_chars (GTK_LABEL (label), width_chars);
  gtk_label_set_xalign (GTK_LABEL (label), 0.0);
  gtk_widget_add_css_class (label, "numeric");
  gtk_widget_add_css_class (box, "dim-label");
  gtk_box_append (GTK_BOX (box), label);
  dh_tooltip_set_text (box, tooltip);
  adw_action_row_add_suffix (ADW_ACTION_ROW (self), box);

  return GTK_LABEL (label);
}

static void
dh_repository_row_dispose (GObject *object)
{
  DhRepositoryRow *self = (DhRepositoryRow *)object;

  if (self->repository != NULL)
    g_signal_handlers_disconnect_by_data (self->repository, self);
  g_clear_object (&self->repository);

  G_OBJECT_CLASS (dh_repository_row_parent_class)->dispose (object);
}

static void
dh_repository_row_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  DhRepositoryRow *self = DH_REPOSITORY_ROW (object);

  switch (prop_id)
    {
    case PROP_REPOSITORY:
      g_value_set_object (value, self->repository);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
dh_repository_row_set_property (GObject      *object,
                                guint         prop_id,
                                const GValue *value,
                                GParamSpec   *pspec)
{
  DhRepositoryRow *self = DH_REPOSITORY_ROW (object);

  switch (prop_id)
    {
    case PROP_REPOSITORY:
      self->repository = g_value_dup_object (value);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
dh_repository_row_constructed (GObject *object)
{
  DhRepositoryRow *self = (DhRepositoryRow *)object;

  G_OBJECT_CLASS (dh_repository_row_parent_class)->constructed (object);

  g_assert (DH_IS_REPOSITORY (self->repository));

  /* Visibility and description change in place (the switch, an edit). */
  g_signal_connect_object (self->repository, "notify", G_CALLBACK (dh_repository_row_update),
                           self, G_CONNECT_SWAPPED);
  dh_repository_row_update (self);
}

static void
dh_repository_row_class_init (DhRepositoryRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->constructed = dh_repository_row_constructed;
  object_class->dispose = dh_repository_row_dispose;
  object_class->get_property = dh_repository_row_get_property;
  object_class->set_property = dh_repository_row_set_property;

  properties[PROP_REPOSITORY] =
    g_param_spec_object ("repository", NULL, NULL,
                         DH_TYPE_REPOSITORY,
                         (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

/* "Pushed 3 minutes ago" stays true. */
static void
minute_cb (GtkWidget *widget)
{
  DhRepositoryRow *self = DH_REPOSITORY_ROW (widget);

  if (self->repository != NULL)
    dh_repository_row_update (self);
}

static void
dh_repository_row_init (DhRepositoryRow *self)
{
  dh_minute_follow (GTK_WIDGET (self), minute_cb);
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (self), TRUE);
  /* Names and descriptions come from the Hub: plain text, not markup. */
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (self), FALSE);
  adw_action_row_set_subtitle_lines (ADW_ACTION_ROW (self), 1);

  self->badge = GTK_LABEL (gtk_label_new (NULL));
  gtk_widget_set_valign (GTK_WIDGET (self->badge), GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (GTK_WIDGET (self->badge), "caption-heading");
  adw_action_row_add_suffix (ADW_ACTION_ROW (self), GTK_WIDGET (self->badge));

  self->stars = add_suffix_label (self, "starred-symbolic", 4, _("Stars"));
  self->pulls = add_suffix_label (self, NULL, 10, _("Pulls"));
  self->pushed = add_suffix_label (self, NULL, 18, _("Last pushed"));

  adw_action_row_add_suffix (ADW_ACTION_ROW (self), gtk_image_new_from_icon_name ("go-next-symbolic"));
}

GtkWidget *
dh_repository_row_new (DhRepository *repository)
{
  g_return_val_if_fail (DH_IS_REPOSITORY (repository), NULL);

  return g_object_new (DH_TYPE_REPOSITORY_ROW,
                       "repository", repository,
                       NULL);
}

DhRepository *
dh_repository_row_get_repository (DhRepositoryRow *self)
{
  g_return_val_if_fail (DH_IS_REPOSITORY_ROW (self), NULL);

  return self->repository;
}

const char *
dh_repository_row_get_badge_text (DhRepositoryRow *self)
{
  g_return_val_if_fail (DH_IS_REPOSITORY_ROW (self), NULL);

  return gtk_label_get_text (self->badge);
}
