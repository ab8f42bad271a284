/* dh-tag-dialog.c
 *
 * Copyright 2026 The Dockhand Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "dh-tag-dialog"

#include "config.h"

#include <stdlib.h>
#include <string.h>

#include <glib/gi18n.h>

#include "dh-credential.h"
#include "dh-error.h"
#include "dh-naming.h"
#include "dh-error-presenter.h"
#include "dh-navigate.h"
#include "dh-reference.h"
#include "dh-settings.h"
#include "dh-tag-dialog.h"

#define DOCKER_HUB_DOMAIN "docker.io"

struct _DhTagDialog
{
  AdwWindow          parent_instance;

  /* Owned references */
  DhTransferManager *manager;
  GSettings         *settings;
  GCancellable      *cancellable;
  char              *source;
  /* The source's registry when it is not Docker Hub ("127.0.0.1:5000"):
   * the dialog starts there, logged in or not. */
  char              *source_domain;
  DhImage           *image;
  GListModel        *images;
  /* Domains beside the combo's items: "docker.io" first, "" (typed) last. */
  GPtrArray         *registries;
  /* domain → user name of its login */
  GHashTable        *usernames;
  char              *target;
  char              *error;
  char              *tag_warning;
  char              *namespace_warning;
  char              *command_text;
  char              *auto_namespace;
  GStrv              suggestions;
  guint              ready : 1;
  guint              updating : 1;
  guint              busy : 1;

  /* Template widgets */
  AdwToastOverlay   *toasts;
  AdwWindowTitle    *window_title;
  AdwActionRow      *source_row;
  AdwComboRow       *registry_row;
  GtkStringList     *registry_names;
  AdwEntryRow       *other_registry_row;
  AdwEntryRow       *namespace_row;
  AdwEntryRow       *repository_row;
  AdwEntryRow       *tag_row;
  GtkBox            *suggestions_box;
  GtkLabel          *error_label;
  GtkLabel          *tag_warning_label;
  GtkLabel          *namespace_warning_label;
  AdwActionRow      *target_row;
  AdwActionRow      *command_row;
};

enum {
  TAGGED,
  N_SIGNALS
};

G_DEFINE_FINAL_TYPE (DhTagDialog, dh_tag_dialog, ADW_TYPE_WINDOW)

static guint signals[N_SIGNALS];

static const char *
entry_text (AdwEntryRow *row)
{
  return gtk_editable_get_text (GTK_EDITABLE (row));
}

static char *
stripped_text (AdwEntryRow *row)
{
  return g_strstrip (g_strdup (entry_text (row)));
}

static const char *
selected_domain (DhTagDialog *self)
{
  guint selected = adw_combo_row_get_selected (self->registry_row);

  if (selected == GTK_INVALID_LIST_POSITION || selected >= self->registries->len)
    return DOCKER_HUB_DOMAIN;

  return g_ptr_array_index (self->registries, selected);
}

/* The domain of the new name: the selected one, or the typed one. */
static char *
dup_domain (DhTagDialog *self)
{
  const char *domain = selected_domain (self);

  if (*domain == '\0')
    return stripped_text (self->other_registry_row);

  return g_strdup (domain);
}

static void
set_label (GtkLabel  *label,
           char     **field,
           char      *text)
{
  g_free (*field);
  *field = text;

  gtk_label_set_text (label, text ? text : "");
  gtk_widget_set_visible (GTK_WIDGET (label), text != NULL);
}

/* The command rows speak the CLI of the engine in use. */
static DhEngineKind
engine_kind (DhTagDialog *self)
{
  DhEngine *engine = self->manager != NULL ? dh_transfer_manager_get_engine (self->manager) : NULL;

  return engine != NULL ? dh_engine_get_kind (engine) : DH_ENGINE_KIND_DOCKER;
}

static void dh_tag_dialog_update_login (DhTagDialog *self);

static void
dh_tag_dialog_update (DhTagDialog *self)
{
  g_autofree char *domain = NULL;
  g_autofree char *name_space = NULL;
  g_autofree char *repository = NULL;
  g_autofree char *tag = NULL;
  g_autofree char *registry = NULL;
  g_autoptr(GError) error = NULL;
  const char *username;
  gboolean hub;

  if (self->updating)
    return;

  dh_tag_dialog_update_login (self);
  domain = dup_domain (self);
  name_space = stripped_text (self->namespace_row);
  repository = stripped_text (self->repository_row);
  tag = stripped_text (self->tag_row);
  hub = g_str_equal (domain, DOCKER_HUB_DOMAIN);
  registry = dh_registry_display_name (hub ? NULL : domain);
  username = g_hash_table_lookup (self->usernames, domain);

  g_clear_pointer (&self->target, g_free);

  self->target = dh_naming_compose (domain, name_space, repository, tag, &error);
  set_label (self->error_label, &self->error, error != NULL ? g_strdup (error->message) : NULL);
  set_label (self->tag_warning_label, &self->tag_warning, dh_naming_describe_tag_risk (tag));

  if (username != NULL && g_ascii_strcasecmp (name_space, username) != 0)
    set_label (self->namespace_warning_label, &self->namespace_warning,
               g_strdup_printf (_("You are logged in to %s as “%s”, but the namespace is “%s”: a push "
                                  "there will be denied unless %s may write to it. Use “%s” as the "
                                  "namespace to push to your own account."),
                                registry, username, *name_space ? name_space : _("(none)"),
                                username, username));
  else if (username == NULL && hub && self->ready)
    set_label (self->namespace_warning_label, &self->namespace_warning,
               g_strdup (_("You are not logged in to Docker Hub. Tagging works, but to push, log in "
                           "and use your Docker Hub user name as the namespace.")));
  else if (hub && *name_space == '\0')
    set_label (self->namespace_warning_label, &self->namespace_warning,
               g_strdup (_("Without a namespace Docker Hub reads the name as an official image "
                           "(library/…), which only Docker may push. Put your user name here.")));
  else
    set_label (self->namespace_warning_label, &self->namespace_warning, NULL);

  adw_action_row_set_subtitle (self->target_row, self->target ? self->target : "—");

  g_clear_pointer (&self->command_text, g_free);
  if (self->target != NULL)
    self->command_text = dh_naming_describe_command (engine_kind (self), DH_COMMAND_TAG,
                                                     self->source, self->target);
  adw_action_row_set_subtitle (self->command_row, self->command_text ? self->command_text : "—");

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "tag.tag", self->target != NULL && !self->busy);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "tag.tag-and-push", self->target != NULL && !self->busy);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "tag.copy-command", self->command_text != NULL);
}

static void
fill_namespace (DhTagDialog *self)
{
  g_autofree char *domain = dup_domain (self);
  g_autofree char *current = stripped_text (self->namespace_row);
  const char *username = g_hash_table_lookup (self->usernames, domain);

  /* Only replace what was filled in automatically. */
  if (*current != '\0' && g_strcmp0 (current, self->auto_namespace) != 0)
    return;

  g_free (self->auto_namespace);
  self->auto_namespace = g_strdup (username ? username : "");
  gtk_editable_set_text (GTK_EDITABLE (self->namespace_row), self->auto_namespace);
}

static void
registry_selected_cb (DhTagDialog *self)
{
  if (self->updating)
    return;

  gtk_widget_set_visible (GTK_WIDGET (self->other_registry_row), *selected_domain (self) == '\0');
  fill_namespace (self);
  dh_tag_dialog_update (self);
}

/* The combo shows the registry; the login goes underneath. */
static void
dh_tag_dialog_update_login (DhTagDialog *self)
{
  g_autofree char *domain = dup_domain (self);
  const char *username = g_hash_table_lookup (self->usernames, domain);
  g_autofree char *subtitle = NULL;

  if (username != NULL)
    subtitle = g_strdup_printf (_("Logged in as %s"), username);
  else if (self->ready)
    subtitle = g_strdup (_("Not logged in"));

  adw_action_row_set_subtitle (ADW_ACTION_ROW (self->registry_row), subtitle ? subtitle : "");
}

/* Rebuilds the registry list, keeping the selection. */
static void
dh_tag_dialog_set_registries (DhTagDialog *self,
                              GPtrArray   *domains,
                              const char  *select)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->registry_names));
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_auto(GStrv) names = NULL;
  guint selected = 0;
  gboolean found = FALSE;

  self->updating = TRUE;

  g_ptr_array_set_size (self->registries, 0);
  g_ptr_array_add (self->registries, g_strdup (DOCKER_HUB_DOMAIN));
  for (guint i = 0; domains != NULL && i < domains->len; i++)
    if (!g_str_equal (g_ptr_array_index (domains, i), DOCKER_HUB_DOMAIN))
      g_ptr_array_add (self->registries, g_strdup (g_ptr_array_index (domains, i)));
  g_ptr_array_add (self->registries, g_strdup (""));

  for (guint i = 0; i < self->registries->len; i++)
    {
      const char *domain = g_ptr_array_index (self->registries, i);
      g_autofree char *display = dh_registry_display_name (domain);

      if (*domain == '\0')
        g_strv_builder_add (builder, _("Other Registry…"));
      else
        g_strv_builder_add (builder, display);

      if (select != NULL && g_str_equal (domain, select))
        {
          selected = i;
          found = TRUE;
        }
    }

  names = g_strv_builder_end (builder);
  gtk_string_list_splice (self->registry_names, 0, n, (const char * const *)names);

  if (select != NULL && *select != '\0' && !found)
    {
      selected = self->registries->len - 1;
      gtk_editable_set_text (GTK_EDITABLE (self->other_registry_row), select);
    }

  adw_combo_row_set_selected (self->registry_row, selected);
  gtk_widget_set_visible (GTK_WIDGET (self->other_registry_row), *selected_domain (self) == '\0');

  self->updating = FALSE;
}

static void
list_credentials_cb (GObject      *object,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  g_autoptr(DhTagDialog) self = user_data;
  g_autoptr(GListModel) credentials = NULL;
  g_autoptr(GPtrArray) domains = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GError) error = NULL;
  g_autofree char *selected = NULL;
  guint n;

  credentials = dh_credential_store_list_finish (DH_CREDENTIAL_STORE (object), result, &error);

  if (g_cancellable_is_cancelled (self->cancellable))
    return;

  /* Without the logins the dialog still works: Docker Hub and typed
   * registries, no user name filled in. */
  if (credentials == NULL)
    g_debug ("Could not list logins: %s", error->message);

  n = credentials != NULL ? g_list_model_get_n_items (credentials) : 0;
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(DhCredential) credential = g_list_model_get_item (credentials, i);
      g_autofree char *domain = dh_naming_domain_for_server (dh_credential_get_server (credential));
      const char *username = dh_credential_get_username (credential);

      if (g_hash_table_contains (self->usernames, domain))
        continue;

      if (username != NULL && !dh_credential_is_identity_token (credential))
        g_hash_table_insert (self->usernames, g_strdup (domain), g_strdup (username));

      g_ptr_array_add (domains, g_steal_pointer (&domain));
    }
  if (self->source_domain != NULL &&
      !g_ptr_array_find_with_equal_func (domains, self->source_domain, g_str_equal, NULL))
    g_ptr_array_add (domains, g_strdup (self->source_domain));

  selected = dup_domain (self);
  dh_tag_dialog_set_registries (self, domains, selected);
  self->ready = TRUE;
  fill_namespace (self);
  dh_tag_dialog_update (self);
}

static void
dh_tag_dialog_rebuild_suggestions (DhTagDialog *self)
{
  g_autoptr(GPtrArray) tags = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *repository = dh_naming_repository_of (self->source);
  GtkWidget *child;
  static const char *kinds[] = { N_("Next patch version: bug fixes only"),
                                 N_("Next minor version: new features, nothing removed"),
                                 N_("Next major version: changes that may break users") };

  /* Tags of the same repository: on the image itself and, when the
   * image list is known, on every local image. */
  for (guint pass = 0; pass < 2 && repository != NULL; pass++)
    {
      guint n = pass == 0 ? (self->image ? 1 : 0) : (self->images ? g_list_model_get_n_items (self->images) : 0);

      for (guint i = 0; i < n; i++)
        {
          g_autoptr(DhImage) image = pass == 0 ? g_object_ref (self->image) : g_list_model_get_item (self->images, i);
          const char * const *names = dh_image_get_tags (image);

          for (guint j = 0; names != NULL && names[j] != NULL; j++)
            {
              g_autofree char *repo = dh_naming_repository_of (names[j]);
              const char *colon = strrchr (names[j], ':');

              if (g_strcmp0 (repo, repository) == 0 && colon != NULL && strchr (colon, '/') == NULL)
                g_ptr_array_add (tags, g_strdup (colon + 1));
            }
        }
    }

  {
    g_autoptr(DhReference) parsed = dh_reference_parse (self->source, NULL);

    if (parsed != NULL && dh_reference_get_tag (parsed) != NULL)
      g_ptr_array_add (tags, g_strdup (dh_reference_get_tag (parsed)));
  }
  g_ptr_array_add (tags, NULL);

  g_clear_pointer (&self->suggestions, g_strfreev);
  self->suggestions = dh_naming_suggest_versions ((const char * const *)tags->pdata);

  /* Keep the "Next version:" label, replace the buttons. */
  child = gtk_widget_get_first_child (GTK_WIDGET (self->suggestions_box));
  child = child != NULL ? gtk_widget_get_next_sibling (child) : NULL;
  while (child != NULL)
    {
      GtkWidget *next = gtk_widget_get_next_sibling (child);

      gtk_box_remove (self->suggestions_box, child);
      child = next;
    }

  for (guint i = 0; self->suggestions[i] != NULL; i++)
    {
      GtkWidget *button = gtk_button_new_with_label (self->suggestions[i]);

      gtk_actionable_set_action_name (GTK_ACTIONABLE (button), "tag.use-suggestion");
      gtk_actionable_set_action_target_value (GTK_ACTIONABLE (button),
                                              g_variant_new_string (self->suggestions[i]));
      if (g_strv_length (self->suggestions) == 3)
        gtk_widget_set_tooltip_text (button, _(kinds[i]));
      else
        gtk_widget_set_tooltip_text (button, _("A first version"));
      gtk_widget_add_css_class (button, "flat");
      gtk_box_append (self->suggestions_box, button);
    }
}

static void
tag_cb (GObject      *object,
        GAsyncResult *result,
        gpointer      user_data)
{
  DhEngine *engine = DH_ENGINE (object);
  g_autoptr(GTask) task = user_data;
  DhTagDialog *self = g_task_get_source_object (task);
  gboolean push = GPOINTER_TO_INT (g_task_get_task_data (task));
  g_autoptr(GError) error = NULL;
  g_autofree char *target = NULL;
  g_autofree char *toast = NULL;
  GtkWindow *parent;

  if (!dh_engine_tag_finish (engine, result, &error))
    {
      g_autoptr(DhErrorPresentation) p = NULL;

      if (g_cancellable_is_cancelled (self->cancellable))
        return;

      self->busy = FALSE;
      p = dh_error_presentation_new (error, DH_TRANSFER_KIND_PUSH, self->source, NULL);
      dh_tag_dialog_update (self);
      set_label (self->error_label, &self->error, g_strdup_printf ("%s. %s", p->title, error->message));
      return;
    }

  target = g_strdup (self->target);
  g_signal_emit (self, signals[TAGGED], 0, target);

  parent = gtk_window_get_transient_for (GTK_WINDOW (self));
  /* Translators: "Tagged as alice/app:1.0" */
  toast = g_strdup_printf (_("Tagged as %s"), target);
  if (parent != NULL)
    gtk_widget_activate_action (GTK_WIDGET (parent), "win.toast", "s", toast);

  /* The window pushes it (and warns first when the push would create a
   * public Hub repository). */
  if (push)
    dh_navigate (GTK_WIDGET (self), "win.push-image", g_variant_new_string (target));

  gtk_window_destroy (GTK_WINDOW (self));
}

gboolean
dh_tag_dialog_activate (DhTagDialog *self,
                        gboolean     push)
{
  g_autoptr(GTask) task = NULL;
  DhEngine *engine;

  g_return_val_if_fail (DH_IS_TAG_DIALOG (self), FALSE);

  if (self->target == NULL || self->busy)
    return FALSE;

  engine = self->manager != NULL ? dh_transfer_manager_get_engine (self->manager) : NULL;
  if (engine == NULL)
    {
      set_label (self->error_label, &self->error,
                 g_strdup (_("No container engine is connected. Start Docker or Podman, then try again.")));
      return FALSE;
    }

  self->busy = TRUE;
  dh_tag_dialog_update (self);

  /* A task only to carry @push and keep the dialog alive. */
  task = g_task_new (self, NULL, NULL, NULL);
  g_task_set_source_tag (task, dh_tag_dialog_activate);
  g_task_set_task_data (task, GINT_TO_POINTER (push), NULL);

  dh_engine_tag_async (engine, self->source, self->target, self->cancellable,
                       tag_cb, g_steal_pointer (&task));
  return TRUE;
}

static void
dh_tag_dialog_tag_action (GtkWidget  *widget,
                          const char *action_name,
                          GVariant   *param)
{
  dh_tag_dialog_activate (DH_TAG_DIALOG (widget), FALSE);
}

static void
dh_tag_dialog_tag_and_push_action (GtkWidget  *widget,
                                   const char *action_name,
                                   GVariant   *param)
{
  dh_tag_dialog_activate (DH_TAG_DIALOG (widget), TRUE);
}

static void
dh_tag_dialog_use_suggestion_action (GtkWidget  *widget,
                                     const char *action_name,
                                     GVariant   *param)
{
  dh_tag_dialog_set_tag (DH_TAG_DIALOG (widget), g_variant_get_string (param, NULL));
}

static void
dh_tag_dialog_copy_command_action (GtkWidget  *widget,
                                   const char *action_name,
                                   GVariant   *param)
{
  DhTagDialog *self = DH_TAG_DIALOG (widget);

  if (self->command_text == NULL)
    return;

  gdk_clipboard_set_text (gtk_widget_get_clipboard (widget), self->command_text);
  adw_toast_overlay_add_toast (self->toasts, adw_toast_new (_("Command copied to clipboard")));
}

static void
dh_tag_dialog_dispose (GObject *object)
{
  DhTagDialog *self = (DhTagDialog *)object;

  g_cancellable_cancel (self->cancellable);

  gtk_widget_dispose_template (GTK_WIDGET (self), DH_TYPE_TAG_DIALOG);

  g_clear_object (&self->cancellable);
  g_clear_object (&self->manager);
  g_clear_object (&self->settings);
  g_clear_object (&self->image);
  g_clear_object (&self->images);

  G_OBJECT_CLASS (dh_tag_dialog_parent_class)->dispose (object);
}

static void
dh_tag_dialog_finalize (GObject *object)
{
  DhTagDialog *self = (DhTagDialog *)object;

  g_clear_pointer (&self->source, g_free);
  g_clear_pointer (&self->registries, g_ptr_array_unref);
  g_clear_pointer (&self->usernames, g_hash_table_unref);
  g_clear_pointer (&self->target, g_free);
  g_clear_pointer (&self->error, g_free);
  g_clear_pointer (&self->source_domain, g_free);
  g_clear_pointer (&self->tag_warning, g_free);
  g_clear_pointer (&self->namespace_warning, g_free);
  g_clear_pointer (&self->command_text, g_free);
  g_clear_pointer (&self->auto_namespace, g_free);
  g_clear_pointer (&self->suggestions, g_strfreev);

  G_OBJECT_CLASS (dh_tag_dialog_parent_class)->finalize (object);
}

static void
dh_tag_dialog_class_init (DhTagDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = dh_tag_dialog_dispose;
  object_class->finalize = dh_tag_dialog_finalize;

  signals[TAGGED] =
    g_signal_new ("tagged",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_STRING);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/dockhand/Dockhand/dh-tag-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, DhTagDialog, toasts);
  gtk_widget_class_bind_template_child (widget_class, DhTagDialog, window_title);
  gtk_widget_class_bind_template_child (widget_class, DhTagDialog, source_row);
  gtk_widget_class_bind_template_child (widget_class, DhTagDialog, registry_row);
  gtk_widget_class_bind_template_child (widget_class, DhTagDialog, registry_names);
  gtk_widget_class_bind_template_child (widget_class, DhTagDialog, other_registry_row);
  gtk_widget_class_bind_template_child (widget_class, DhTagDialog, namespace_row);
  gtk_widget_class_bind_template_child (widget_class, DhTagDialog, repository_row);
  gtk_widget_class_bind_template_child (widget_class, DhTagDialog, tag_row);
  gtk_widget_class_bind_template_child (widget_class, DhTagDialog, suggestions_box);
  gtk_widget_class_bind_template_child (widget_class, DhTagDialog, error_label);
  gtk_widget_class_bind_template_child_full (widget_class, "tag_warning", FALSE,
                                             G_STRUCT_OFFSET (DhTagDialog, tag_warning_label));
  gtk_widget_class_bind_template_child_full (widget_class, "namespace_warning", FALSE,
                                             G_STRUCT_OFFSET (DhTagDialog, namespace_warning_label));
  gtk_widget_class_bind_template_child (widget_class, DhTagDialog, target_row);
  gtk_widget_class_bind_template_child (widget_class, DhTagDialog, command_row);

  gtk_widget_class_install_action (widget_class, "tag.tag", NULL, dh_tag_dialog_tag_action);
  gtk_widget_class_install_action (widget_class, "tag.tag-and-push", NULL, dh_tag_dialog_tag_and_push_action);
  gtk_widget_class_install_action (widget_class, "tag.use-suggestion", "s", dh_tag_dialog_use_suggestion_action);
  gtk_widget_class_install_action (widget_class, "tag.copy-command", NULL, dh_tag_dialog_copy_command_action);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Return, GDK_CONTROL_MASK, "tag.tag-and-push", NULL);
}

static void
dh_tag_dialog_init (DhTagDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->cancellable = g_cancellable_new ();
  /* The command row follows the Preferences window while open. */
  if ((self->settings = dh_settings_new ()))
    g_settings_bind (self->settings, "show-command-equivalents",
                     self->command_row, "visible", G_SETTINGS_BIND_GET);
  self->registries = g_ptr_array_new_with_free_func (g_free);
  self->usernames = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);

  dh_tag_dialog_set_registries (self, NULL, DOCKER_HUB_DOMAIN);

  g_signal_connect_object (self->registry_row, "notify::selected",
                           G_CALLBACK (registry_selected_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->other_registry_row, "changed",
                           G_CALLBACK (registry_selected_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->namespace_row, "changed",
                           G_CALLBACK (dh_tag_dialog_update), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->repository_row, "changed",
                           G_CALLBACK (dh_tag_dialog_update), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->tag_row, "changed",
                           G_CALLBACK (dh_tag_dialog_update), self, G_CONNECT_SWAPPED);
}

DhTagDialog *
dh_tag_dialog_new (DhTransferManager *manager,
                   const char        *source)
{
  DhTagDialog *self;
  g_autoptr(DhReference) parsed = NULL;

  g_return_val_if_fail (!manager || DH_IS_TRANSFER_MANAGER (manager), NULL);
  g_return_val_if_fail (source != NULL, NULL);

  self = g_object_new (DH_TYPE_TAG_DIALOG, NULL);
  g_set_object (&self->manager, manager);
  self->source = g_strdup (source);

  adw_action_row_set_subtitle (self->source_row, source);
  adw_window_title_set_subtitle (self->window_title, source);

  self->updating = TRUE;
  if ((parsed = dh_reference_parse (source, NULL)) != NULL)
    {
      const char *path = dh_reference_get_path (parsed);
      const char *name = strrchr (path, '/');
      const char *tag = dh_reference_get_tag (parsed);
      g_autofree char *key = dh_server_key_for_domain (dh_reference_get_domain (parsed));

      /* 127.0.0.1:5000/alice/app starts from its own registry and
       * namespace: that is where a learner pushes it again. */
      if (!dh_server_is_docker_hub (key))
        {
          g_autoptr(GPtrArray) domains = g_ptr_array_new_with_free_func (g_free);

          self->source_domain = g_strdup (dh_reference_get_domain (parsed));
          g_ptr_array_add (domains, g_strdup (self->source_domain));
          dh_tag_dialog_set_registries (self, domains, self->source_domain);
          self->updating = TRUE;
          if (name != NULL)
            {
              g_autofree char *name_space = g_strndup (path, name - path);

              gtk_editable_set_text (GTK_EDITABLE (self->namespace_row), name_space);
            }
        }

      gtk_editable_set_text (GTK_EDITABLE (self->repository_row), name ? name + 1 : path);
      /* The same version under the new name is the usual next step;
       * "latest" is left out on purpose so that the warning shows. */
      if (tag != NULL && !g_str_equal (tag, "latest"))
        gtk_editable_set_text (GTK_EDITABLE (self->tag_row), tag);
    }
  self->updating = FALSE;

  dh_tag_dialog_rebuild_suggestions (self);
  dh_tag_dialog_update (self);

  if (manager != NULL)
    dh_credential_store_list_async (dh_transfer_manager_get_credential_store (manager),
                                    self->cancellable,
                                    list_credentials_cb,
                                    g_object_ref (self));
  else
    self->ready = TRUE;

  return self;
}

void
dh_tag_dialog_present (GtkWindow         *parent,
                       DhTransferManager *manager,
                       DhImage           *image)
{
  const char * const *tags;
  DhTagDialog *self;

  g_return_if_fail (DH_IS_IMAGE (image));

  tags = dh_image_get_tags (image);
  self = dh_tag_dialog_new (manager, tags != NULL && tags[0] != NULL ? tags[0] : dh_image_get_id (image));
  dh_tag_dialog_set_image (self, image, NULL);

  gtk_window_set_transient_for (GTK_WINDOW (self), parent);
  gtk_window_set_modal (GTK_WINDOW (self), TRUE);
  gtk_window_present (GTK_WINDOW (self));
}

void
dh_tag_dialog_set_image (DhTagDialog *self,
                         DhImage     *image,
                         GListModel  *images)
{
  g_return_if_fail (DH_IS_TAG_DIALOG (self));
  g_return_if_fail (!image || DH_IS_IMAGE (image));
  g_return_if_fail (!images || G_IS_LIST_MODEL (images));

  g_set_object (&self->image, image);
  g_set_object (&self->images, images);

  if (image != NULL)
    {
      g_autofree char *subtitle = g_strdup_printf (_("%s (ID %s)"), self->source,
                                                   dh_image_get_short_id (image));

      adw_action_row_set_subtitle (self->source_row, subtitle);
    }

  dh_tag_dialog_rebuild_suggestions (self);
}

void
dh_tag_dialog_set_target (DhTagDialog *self,
                          const char  *target)
{
  g_autoptr(DhReference) parsed = NULL;
  g_autofree char *key = NULL;
  g_autofree char *name_space = NULL;
  const char *domain;
  const char *path;
  const char *name;

  g_return_if_fail (DH_IS_TAG_DIALOG (self));
  g_return_if_fail (target != NULL);

  if (!(parsed = dh_reference_parse (target, NULL)))
    return;

  domain = dh_reference_get_domain (parsed);
  key = dh_server_key_for_domain (domain);
  path = dh_reference_get_path (parsed);
  name = strrchr (path, '/');
  name_space = name != NULL ? g_strndup (path, name - path) : g_strdup ("");
  if (dh_server_is_docker_hub (key) && g_str_equal (name_space, "library"))
    g_clear_pointer (&name_space, g_free);

  dh_tag_dialog_set_registry (self, dh_server_is_docker_hub (key) ? NULL : domain);
  dh_tag_dialog_set_namespace (self, name_space ? name_space : "");
  dh_tag_dialog_set_repository (self, name ? name + 1 : path);
  dh_tag_dialog_set_tag (self, dh_reference_get_tag (parsed) ? dh_reference_get_tag (parsed) : "");
}

void
dh_tag_dialog_set_registry (DhTagDialog *self,
                            const char  *domain)
{
  g_autoptr(GPtrArray) domains = g_ptr_array_new_with_free_func (g_free);

  g_return_if_fail (DH_IS_TAG_DIALOG (self));

  for (guint i = 1; i + 1 < self->registries->len; i++)
    g_ptr_array_add (domains, g_strdup (g_ptr_array_index (self->registries, i)));

  dh_tag_dialog_set_registries (self, domains, domain ? domain : DOCKER_HUB_DOMAIN);
  fill_namespace (self);
  dh_tag_dialog_update (self);
}

void
dh_tag_dialog_set_namespace (DhTagDialog *self,
                             const char  *name_space)
{
  g_return_if_fail (DH_IS_TAG_DIALOG (self));

  gtk_editable_set_text (GTK_EDITABLE (self->namespace_row), name_space ? name_space : "");
}

void
dh_tag_dialog_set_repository (DhTagDialog *self,
                              const char  *repository)
{
  g_return_if_fail (DH_IS_TAG_DIALOG (self));

  gtk_editable_set_text (GTK_EDITABLE (self->repository_row), repository ? repository : "");
}

void
dh_tag_dialog_set_tag (DhTagDialog *self,
                       const char  *tag)
{
  g_return_if_fail (DH_IS_TAG_DIALOG (self));

  gtk_editable_set_text (GTK_EDITABLE (self->tag_row), tag ? tag : "");
}

const char *
dh_tag_dialog_get_target (DhTagDialog *self)
{
  g_return_val_if_fail (DH_IS_TAG_DIALOG (self), NULL);

  return self->target;
}

const char *
dh_tag_dialog_get_error (DhTagDialog *self)
{
  g_return_val_if_fail (DH_IS_TAG_DIALOG (self), NULL);

  return self->error;
}

const char *
dh_tag_dialog_get_tag_warning (DhTagDialog *self)
{
  g_return_val_if_fail (DH_IS_TAG_DIALOG (self), NULL);

  return self->tag_warning;
}

const char *
dh_tag_dialog_get_namespace_warning (DhTagDialog *self)
{
  g_return_val_if_fail (DH_IS_TAG_DIALOG (self), NULL);

  return self->namespace_warning;
}

const char *
dh_tag_dialog_get_command_text (DhTagDialog *self)
{
  g_return_val_if_fail (DH_IS_TAG_DIALOG (self), NULL);

  if (!gtk_widget_get_visible (GTK_WIDGET (self->command_row)))
    return NULL;

  return self->command_text;
}

const char * const *
dh_tag_dialog_get_suggestions (DhTagDialog *self)
{
  g_return_val_if_fail (DH_IS_TAG_DIALOG (self), NULL);

  return (const char * const *)self->suggestions;
}

gboolean
dh_tag_dialog_get_ready (DhTagDialog *self)
{
  g_return_val_if_fail (DH_IS_TAG_DIALOG (self), FALSE);

  return self->ready;
}
