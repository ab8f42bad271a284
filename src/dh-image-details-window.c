/* dh-image-details-window.c
 *
 * Copyright 2026 The Dockhand Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "dh-image-details-window"

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "dh-format.h"
#include "dh-image-details-window.h"
#include "dh-settings.h"

struct _DhImageDetailsWindow
{
  AdwWindow             parent_instance;

  /* Owned references */
  DhEngine             *engine;
  DhImage              *image;
  GSettings            *settings;
  GCancellable         *cancellable;
  DhImageDetails       *details;
  GPtrArray            *history;
  GError               *error;
  guint                 pending;

  /* Template widgets */
  AdwWindowTitle       *window_title;
  AdwToastOverlay      *toasts;
  GtkStack             *stack;
  GtkSpinner           *spinner;
  AdwStatusPage        *error_page;
  AdwPreferencesGroup  *names_group;
  AdwPreferencesGroup  *image_group;
  AdwPreferencesGroup  *history_group;
  AdwPreferencesPage   *details_page;
};

enum {
  PROP_0,
  PROP_LOADED,
  N_PROPS
};

G_DEFINE_FINAL_TYPE (DhImageDetailsWindow, dh_image_details_window, ADW_TYPE_WINDOW)

static GParamSpec *properties[N_PROPS];

static GtkWidget *
add_row (AdwPreferencesGroup *group,
         const char          *title,
         const char          *value,
         gboolean             copyable)
{
  g_autofree char *escaped_title = g_markup_escape_text (title, -1);
  g_autofree char *escaped_value = g_markup_escape_text (value != NULL ? value : "", -1);
  GtkWidget *row = adw_action_row_new ();

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), escaped_title);
  if (value != NULL)
    adw_action_row_set_subtitle (ADW_ACTION_ROW (row), escaped_value);

  if (copyable)
    {
      GtkWidget *button = gtk_button_new_from_icon_name ("edit-copy-symbolic");
      g_autofree char *label = g_strdup_printf (_("Copy “%s”"), value != NULL ? value : title);

      gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
      gtk_widget_add_css_class (button, "flat");
      gtk_widget_set_tooltip_text (button, _("Copy"));
      gtk_accessible_update_property (GTK_ACCESSIBLE (button),
                                      GTK_ACCESSIBLE_PROPERTY_LABEL, label,
                                      -1);
      gtk_actionable_set_action_name (GTK_ACTIONABLE (button), "details.copy");
      gtk_actionable_set_action_target (GTK_ACTIONABLE (button), "s", value != NULL ? value : title);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), button);
    }

  adw_preferences_group_add (group, row);

  return row;
}

static char *
join_or_null (char **strv,
              const char *separator)
{
  if (strv == NULL || strv[0] == NULL)
    return NULL;

  return g_strjoinv (separator, strv);
}

/* "/bin/sh -c #(nop)  CMD ["sh"]" → "CMD ["sh"]": the prefix is how the
 * legacy builder recorded metadata-only steps, noise for a reader. */
static const char *
clean_created_by (const char *created_by)
{
  static const char *prefixes[] = { "/bin/sh -c #(nop) ", "|1 /bin/sh -c #(nop) " };

  if (created_by == NULL)
    return "";

  for (guint i = 0; i < G_N_ELEMENTS (prefixes); i++)
    {
      if (g_str_has_prefix (created_by, prefixes[i]))
        {
          created_by += strlen (prefixes[i]);
          while (g_ascii_isspace (*created_by))
            created_by++;
          break;
        }
    }

  return created_by;
}

/* For people learning the docker CLI: the commands that show the same. */
static void
dh_image_details_window_add_commands (DhImageDetailsWindow *self)
{
  const char * const *tags = dh_image_get_tags (self->image);
  const char *name;
  const char *cli;
  g_autofree char *inspect = NULL;
  g_autofree char *history = NULL;
  AdwPreferencesGroup *group;

  /* Outside the app (no schema) there is no setting to follow. */
  if (!(self->settings = dh_settings_new ()))
    return;

  name = tags != NULL && tags[0] != NULL ? tags[0] : dh_image_get_short_id (self->image);
  /* Podman's CLI takes the same commands under its own name. */
  cli = self->engine != NULL && dh_engine_get_kind (self->engine) == DH_ENGINE_KIND_PODMAN ? "podman" : "docker";
  inspect = g_strdup_printf ("%s image inspect %s", cli, name);
  history = g_strdup_printf ("%s history --no-trunc %s", cli, name);

  group = ADW_PREFERENCES_GROUP (adw_preferences_group_new ());
  adw_preferences_group_set_title (group, _("Same on the Command Line"));
  add_row (group, _("Everything about the image"), inspect, TRUE);
  add_row (group, _("The history above"), history, TRUE);
  adw_preferences_page_add (self->details_page, group);
  /* Follows the Preferences while the window is open. */
  g_settings_bind (self->settings, "show-command-equivalents", group, "visible", G_SETTINGS_BIND_GET);
}

static void
dh_image_details_window_populate (DhImageDetailsWindow *self)
{
  DhImageDetails *details = self->details;
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;
  g_autofree char *size = NULL;
  g_autofree char *created = NULL;
  g_autofree char *created_abs = NULL;
  g_autofree char *created_text = NULL;
  g_autofree char *platform = NULL;
  g_autofree char *layers = NULL;
  g_autofree char *cmd = NULL;
  g_autofree char *entrypoint = NULL;
  g_autofree char *ports = NULL;
  guint n_layers;

  g_assert (DH_IS_IMAGE_DETAILS_WINDOW (self));
  g_assert (details != NULL);

  /* Names and digests */
  for (guint i = 0; details->repo_tags != NULL && details->repo_tags[i] != NULL; i++)
    add_row (self->names_group, details->repo_tags[i], NULL, TRUE);
  for (guint i = 0; details->repo_digests != NULL && details->repo_digests[i] != NULL; i++)
    add_row (self->names_group, _("Digest in a registry"), details->repo_digests[i], TRUE);
  if ((details->repo_tags == NULL || details->repo_tags[0] == NULL) &&
      (details->repo_digests == NULL || details->repo_digests[0] == NULL))
    add_row (self->names_group, _("Untagged"),
             _("This image has no name. Tag it to push it, or remove it to free space."), FALSE);

  /* The image itself */
  add_row (self->image_group, _("Image ID"), details->id, TRUE);

  size = g_format_size (details->size);
  add_row (self->image_group, _("Size"), size, FALSE);

  created = dh_format_relative_time (dh_image_get_created (self->image), now);
  created_abs = dh_format_absolute_time (dh_image_get_created (self->image));
  /* Translators: "3 days ago (19 November 2026, 10:12)" */
  created_text = g_strdup_printf (_("%s (%s)"), created, created_abs);
  add_row (self->image_group, _("Created"), created_text, FALSE);

  if (details->os != NULL || details->architecture != NULL)
    {
      platform = g_strdup_printf ("%s/%s%s%s",
                                  details->os ? details->os : "?",
                                  details->architecture ? details->architecture : "?",
                                  details->variant ? "/" : "",
                                  details->variant ? details->variant : "");
      add_row (self->image_group, _("Platform"), platform, FALSE);
    }

  n_layers = details->layers != NULL ? g_strv_length (details->layers) : 0;
  layers = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u layer", "%u layers", n_layers), n_layers);
  add_row (self->image_group, _("Layers"), layers, FALSE);

  if ((entrypoint = join_or_null (details->entrypoint, " ")))
    add_row (self->image_group, _("Entrypoint"), entrypoint, FALSE);
  if ((cmd = join_or_null (details->cmd, " ")))
    add_row (self->image_group, _("Command"), cmd, FALSE);
  if ((ports = join_or_null (details->exposed_ports, ", ")))
    add_row (self->image_group, _("Exposed Ports"), ports, FALSE);
  if (details->author != NULL && details->author[0] != '\0')
    add_row (self->image_group, _("Author"), details->author, FALSE);

  /* History, newest first */
  for (guint i = 0; self->history != NULL && i < self->history->len; i++)
    {
      DhImageHistoryEntry *entry = g_ptr_array_index (self->history, i);
      g_autofree char *entry_size = g_format_size (entry->size);
      g_autofree char *entry_age = dh_format_relative_time (entry->created, now);
      g_autofree char *subtitle = NULL;
      GtkWidget *row;

      if (entry->size > 0)
        /* Translators: a history step: "adds 5.6 MB · 3 days ago" */
        subtitle = g_strdup_printf (_("adds %s · %s"), entry_size, entry_age);
      else
        subtitle = g_strdup_printf (_("no files · %s"), entry_age);

      row = add_row (self->history_group, clean_created_by (entry->created_by), subtitle, FALSE);
      adw_action_row_set_title_lines (ADW_ACTION_ROW (row), 0);
      gtk_widget_add_css_class (row, "history-row");
    }

  dh_image_details_window_add_commands (self);

  gtk_stack_set_visible_child_name (self->stack, "details");
}

static void
dh_image_details_window_step_done (DhImageDetailsWindow *self)
{
  g_assert (self->pending > 0);

  if (--self->pending > 0)
    return;

  gtk_spinner_set_spinning (self->spinner, FALSE);

  if (self->error != NULL)
    {
      g_autofree char *escaped = g_markup_escape_text (self->error->message, -1);

      adw_status_page_set_description (self->error_page, escaped);
      gtk_stack_set_visible_child_name (self->stack, "error");
    }
  else
    {
      dh_image_details_window_populate (self);
    }

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOADED]);
}

static void
inspect_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(DhImageDetailsWindow) self = user_data;
  g_autoptr(GError) error = NULL;

  self->details = dh_engine_inspect_image_finish (DH_ENGINE (object), result, &error);
  if (self->details == NULL && self->error == NULL)
    self->error = g_steal_pointer (&error);

  dh_image_details_window_step_done (self);
}

static void
history_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(DhImageDetailsWindow) self = user_data;
  g_autoptr(GError) error = NULL;

  self->history = dh_engine_image_history_finish (DH_ENGINE (object), result, &error);
  if (self->history == NULL && self->error == NULL)
    self->error = g_steal_pointer (&error);

  dh_image_details_window_step_done (self);
}

static void
dh_image_details_window_copy_action (GtkWidget  *widget,
                                     const char *action_name,
                                     GVariant   *param)
{
  DhImageDetailsWindow *self = DH_IMAGE_DETAILS_WINDOW (widget);

  gdk_clipboard_set_text (gtk_widget_get_clipboard (widget), g_variant_get_string (param, NULL));
  adw_toast_overlay_add_toast (self->toasts, adw_toast_new (_("Copied to clipboard")));
}

static void
dh_image_details_window_dispose (GObject *object)
{
  DhImageDetailsWindow *self = (DhImageDetailsWindow *)object;

  g_cancellable_cancel (self->cancellable);

  gtk_widget_dispose_template (GTK_WIDGET (self), DH_TYPE_IMAGE_DETAILS_WINDOW);

  g_clear_object (&self->cancellable);
  g_clear_object (&self->settings);
  g_clear_object (&self->engine);
  g_clear_object (&self->image);

  G_OBJECT_CLASS (dh_image_details_window_parent_class)->dispose (object);
}

static void
dh_image_details_window_finalize (GObject *object)
{
  DhImageDetailsWindow *self = (DhImageDetailsWindow *)object;

  g_clear_pointer (&self->details, dh_image_details_free);
  g_clear_pointer (&self->history, g_ptr_array_unref);
  g_clear_error (&self->error);

  G_OBJECT_CLASS (dh_image_details_window_parent_class)->finalize (object);
}

static void
dh_image_details_window_get_property (GObject    *object,
                                      guint       prop_id,
                                      GValue     *value,
                                      GParamSpec *pspec)
{
  DhImageDetailsWindow *self = DH_IMAGE_DETAILS_WINDOW (object);

  switch (prop_id)
    {
    case PROP_LOADED:
      g_value_set_boolean (value, dh_image_details_window_get_loaded (self));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
dh_image_details_window_class_init (DhImageDetailsWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = dh_image_details_window_dispose;
  object_class->finalize = dh_image_details_window_finalize;
  object_class->get_property = dh_image_details_window_get_property;

  properties[PROP_LOADED] =
    g_param_spec_boolean ("loaded", NULL, NULL,
                          FALSE,
                          (G_PARAM_READABLE |
                           G_PARAM_EXPLICIT_NOTIFY |
                           G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/dockhand/Dockhand/dh-image-details-window.ui");
  gtk_widget_class_bind_template_child (widget_class, DhImageDetailsWindow, window_title);
  gtk_widget_class_bind_template_child (widget_class, DhImageDetailsWindow, toasts);
  gtk_widget_class_bind_template_child (widget_class, DhImageDetailsWindow, stack);
  gtk_widget_class_bind_template_child (widget_class, DhImageDetailsWindow, spinner);
  gtk_widget_class_bind_template_child (widget_class, DhImageDetailsWindow, error_page);
  gtk_widget_class_bind_template_child (widget_class, DhImageDetailsWindow, names_group);
  gtk_widget_class_bind_template_child (widget_class, DhImageDetailsWindow, image_group);
  gtk_widget_class_bind_template_child (widget_class, DhImageDetailsWindow, history_group);
  gtk_widget_class_bind_template_child (widget_class, DhImageDetailsWindow, details_page);

  gtk_widget_class_install_action (widget_class, "details.copy", "s", dh_image_details_window_copy_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
dh_image_details_window_init (DhImageDetailsWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->cancellable = g_cancellable_new ();
}

DhImageDetailsWindow *
dh_image_details_window_new (DhEngine *engine,
                             DhImage  *image)
{
  DhImageDetailsWindow *self;
  const char * const *tags;

  g_return_val_if_fail (DH_IS_ENGINE (engine), NULL);
  g_return_val_if_fail (DH_IS_IMAGE (image), NULL);

  self = g_object_new (DH_TYPE_IMAGE_DETAILS_WINDOW, NULL);
  self->engine = g_object_ref (engine);
  self->image = g_object_ref (image);

  tags = dh_image_get_tags (image);
  adw_window_title_set_subtitle (self->window_title,
                                 tags != NULL && tags[0] != NULL ? tags[0]
                                                                 : dh_image_get_short_id (image));

  self->pending = 2;
  dh_engine_inspect_image_async (engine, dh_image_get_id (image), self->cancellable,
                                 inspect_cb, g_object_ref (self));
  dh_engine_image_history_async (engine, dh_image_get_id (image), self->cancellable,
                                 history_cb, g_object_ref (self));

  return self;
}

gboolean
dh_image_details_window_get_loaded (DhImageDetailsWindow *self)
{
  g_return_val_if_fail (DH_IS_IMAGE_DETAILS_WINDOW (self), FALSE);

  return self->pending == 0;
}
