/* dh-repository-page.c
 *
 * Copyright 2026 The Dockhand Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "dh-repository-page"

#include "config.h"

#include <glib/gi18n.h>

#include "dh-app-session.h"
#include "dh-engine-gate.h"
#include "dh-error.h"
#include "dh-format.h"
#include "dh-hub-tag.h"
#include "dh-naming.h"
#include "dh-navigate.h"
#include "dh-repository-page.h"
#include "dh-tooltip.h"

struct _DhRepositoryPage
{
  GtkWidget      parent_instance;

  DhHubClient   *client;
  DhRepository  *repository;
  GListStore    *tags;
  GCancellable  *cancellable;
  gboolean       loading;
  gboolean       updating_switch;

  GtkLabel      *title_label;
  GtkLabel      *description_label;
  AdwActionRow  *visibility_row;
  GtkSwitch     *private_switch;
  GtkStack      *tags_stack;
  GtkSpinner    *spinner;
  GtkLabel      *error_label;
  GtkListBox    *tags_list;
};

enum {
  DELETED,
  N_SIGNALS
};

G_DEFINE_FINAL_TYPE (DhRepositoryPage, dh_repository_page, GTK_TYPE_WIDGET)

static guint signals[N_SIGNALS];

static void
toast (GtkWidget  *widget,
       const char *text)
{
  gtk_widget_activate_action (widget, "win.toast", "s", text);
}

char *
dh_repository_page_dup_reference (DhRepositoryPage *self,
                                  const char       *tag)
{
  g_autofree char *full_name = NULL;

  g_return_val_if_fail (DH_IS_REPOSITORY_PAGE (self), NULL);
  g_return_val_if_fail (tag != NULL, NULL);

  if (self->repository == NULL)
    return NULL;

  full_name = dh_repository_dup_full_name (self->repository);
  return g_strdup_printf ("%s:%s", full_name, tag);
}

static GtkWidget *
create_tag_row (gpointer item,
                gpointer user_data)
{
  DhHubTag *tag = item;
  const char *name = dh_hub_tag_get_name (tag);
  const char *digest = dh_hub_tag_get_digest (tag);
  GDateTime *pushed = dh_hub_tag_get_last_pushed (tag);
  g_autofree char *platforms = dh_hub_tag_dup_platforms_text (tag);
  g_autoptr(GPtrArray) parts = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *subtitle = NULL;
  g_autofree char *short_digest = NULL;
  g_autofree char *copy_label = g_strdup_printf (_("Copy the pull command for the tag “%s”"), name);
  g_autofree char *delete_label = g_strdup_printf (_("Delete the tag “%s” from Docker Hub"), name);
  GtkWidget *row;
  GtkWidget *button;
  GtkWidget *digest_label;

  if (pushed == NULL)
    pushed = dh_hub_tag_get_last_updated (tag);

  if (dh_hub_tag_get_full_size (tag) >= 0)
    g_ptr_array_add (parts, g_format_size (dh_hub_tag_get_full_size (tag)));
  if (platforms != NULL && *platforms != '\0')
    g_ptr_array_add (parts, g_strdup (platforms));
  if (pushed != NULL)
    {
      g_autofree char *when = dh_format_relative_time (g_date_time_to_unix (pushed),
                                                       g_get_real_time () / G_USEC_PER_SEC);

      /* Translators: %s is a relative time such as "3 days ago" */
      g_ptr_array_add (parts, g_strdup_printf (_("pushed %s"), when));
    }
  g_ptr_array_add (parts, NULL);
  subtitle = g_strjoinv (" · ", (char **)parts->pdata);

  row = adw_action_row_new ();
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), name);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);

  /* The short digest, as `docker images --digests` shows it; all of it
   * in the tooltip and selectable. */
  short_digest = digest != NULL ? g_strndup (digest, 19) : NULL;
  digest_label = gtk_label_new (short_digest);
  gtk_label_set_selectable (GTK_LABEL (digest_label), FALSE);
  dh_tooltip_set_text (digest_label, digest);
  gtk_widget_add_css_class (digest_label, "monospace");
  gtk_widget_add_css_class (digest_label, "dim-label");
  gtk_widget_set_valign (digest_label, GTK_ALIGN_CENTER);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), digest_label);

  /* Pull is what most people come for: a word, not only an icon. */
  button = gtk_button_new_with_mnemonic (_("_Pull"));
  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  dh_tooltip_set_text (button, _("Download this tag to your computer"));
  gtk_actionable_set_action_name (GTK_ACTIONABLE (button), "repository.pull");
  gtk_actionable_set_action_target (GTK_ACTIONABLE (button), "s", name);
  dh_engine_gate_tooltip (button, DH_ENGINE_GATE_PULL);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), button);

  button = gtk_button_new_from_icon_name ("edit-copy-symbolic");
  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  dh_tooltip_set_text (button, _("Copy the pull command"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (button),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, copy_label,
                                  -1);
  gtk_actionable_set_action_name (GTK_ACTIONABLE (button), "repository.copy-command");
  gtk_actionable_set_action_target (GTK_ACTIONABLE (button), "s", name);
  gtk_widget_add_css_class (button, "flat");
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), button);

  button = gtk_button_new_from_icon_name ("user-trash-symbolic");
  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  dh_tooltip_set_text (button, _("Delete this tag from Docker Hub…"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (button),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, delete_label,
                                  -1);
  gtk_actionable_set_action_name (GTK_ACTIONABLE (button), "repository.delete-tag");
  gtk_actionable_set_action_target (GTK_ACTIONABLE (button), "s", name);
  gtk_widget_add_css_class (button, "flat");
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), button);

  return row;
}

static void
dh_repository_page_set_loading (DhRepositoryPage *self,
                                gboolean          loading)
{
  self->loading = loading;
  gtk_spinner_set_spinning (self->spinner, loading);
  if (loading)
    gtk_stack_set_visible_child_name (self->tags_stack, "loading");
}

static void
list_tags_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  DhHubClient *client = DH_HUB_CLIENT (object);
  g_autoptr(DhRepositoryPage) self = user_data;
  g_autoptr(GListModel) tags = NULL;
  g_autoptr(GError) error = NULL;

  tags = dh_hub_client_list_tags_finish (client, result, &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) ||
      g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  dh_repository_page_set_loading (self, FALSE);

  if (tags == NULL)
    {
      g_autofree char *text = g_strdup_printf (_("Could not list the tags: %s"), error->message);

      gtk_label_set_text (self->error_label, text);
      gtk_stack_set_visible_child_name (self->tags_stack, "error");
      return;
    }

  g_list_store_remove_all (self->tags);
  for (guint i = 0; i < g_list_model_get_n_items (tags); i++)
    {
      g_autoptr(GObject) tag = g_list_model_get_item (tags, i);

      g_list_store_append (self->tags, tag);
    }

  gtk_stack_set_visible_child_name (self->tags_stack, "tags");
}

static void
dh_repository_page_reload (DhRepositoryPage *self)
{
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);

  if (self->repository == NULL || self->client == NULL)
    return;

  self->cancellable = g_cancellable_new ();
  dh_repository_page_set_loading (self, TRUE);
  dh_hub_client_list_tags_async (self->client,
                                 dh_repository_get_namespace (self->repository),
                                 dh_repository_get_name (self->repository),
                                 self->cancellable, list_tags_cb, g_object_ref (self));
}

static void
dh_repository_page_update (DhRepositoryPage *self)
{
  g_autofree char *full_name = NULL;
  const char *description;
  gboolean is_private;

  if (self->repository == NULL)
    return;

  full_name = dh_repository_dup_full_name (self->repository);
  description = dh_repository_get_description (self->repository);
  is_private = dh_repository_get_is_private (self->repository);

  gtk_label_set_text (self->title_label, full_name);
  gtk_label_set_text (self->description_label,
                      description != NULL && *description != '\0' ? description : _("No description"));

  self->updating_switch = TRUE;
  gtk_switch_set_active (self->private_switch, is_private);
  gtk_switch_set_state (self->private_switch, is_private);
  self->updating_switch = FALSE;

  adw_action_row_set_subtitle (self->visibility_row,
                               is_private
                                 ? _("Only you and people you give access can see and pull it")
                                 : _("Public: anyone can see and pull it"));
}

/* Visibility */

static void
set_private_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  DhHubClient *client = DH_HUB_CLIENT (object);
  g_autoptr(DhRepositoryPage) self = user_data;
  g_autoptr(GError) error = NULL;
  gboolean wanted = gtk_switch_get_active (self->private_switch);

  if (!dh_hub_client_set_private_finish (client, result, &error))
    {
      g_autofree char *text = NULL;

      if (g_error_matches (error, DH_ERROR, DH_ERROR_UNSUPPORTED))
        text = g_strdup (_("Could not change the visibility: not supported by Docker Hub's API. "
                           "Change it in the repository's settings on hub.docker.com."));
      else
        text = g_strdup_printf (_("Could not change the visibility: %s"), error->message);

      toast (GTK_WIDGET (self), text);
      dh_repository_page_update (self);
      return;
    }

  dh_repository_set_is_private (self->repository, wanted);
  dh_repository_page_update (self);
}

static gboolean
private_state_set_cb (DhRepositoryPage *self,
                      gboolean          state,
                      GtkSwitch        *sw)
{
  if (self->updating_switch || self->repository == NULL)
    return FALSE;

  if (state == dh_repository_get_is_private (self->repository))
    return FALSE;

  dh_hub_client_set_private_async (self->client,
                                   dh_repository_get_namespace (self->repository),
                                   dh_repository_get_name (self->repository),
                                   state, self->cancellable,
                                   set_private_cb, g_object_ref (self));

  /* The state follows once the Hub answered. */
  return TRUE;
}

/* Actions */

static void
dh_repository_page_pull_action (GtkWidget  *widget,
                                const char *action_name,
                                GVariant   *param)
{
  DhRepositoryPage *self = (DhRepositoryPage *)widget;
  g_autofree char *reference = dh_repository_page_dup_reference (self, g_variant_get_string (param, NULL));

  if (reference != NULL)
    dh_navigate (widget, "app.pull", g_variant_new_string (reference));
}

static void
dh_repository_page_copy_command_action (GtkWidget  *widget,
                                        const char *action_name,
                                        GVariant   *param)
{
  DhRepositoryPage *self = (DhRepositoryPage *)widget;
  g_autofree char *reference = dh_repository_page_dup_reference (self, g_variant_get_string (param, NULL));
  g_autofree char *command = NULL;
  g_autofree char *text = NULL;

  if (reference == NULL)
    return;

  command = dh_naming_describe_command (dh_app_session_engine_kind (), DH_COMMAND_PULL, reference, NULL);
  gdk_clipboard_set_text (gtk_widget_get_clipboard (widget), command);
  text = g_strdup_printf (_("Copied “%s”"), command);
  toast (widget, text);
}

static void
dh_repository_page_open_web_action (GtkWidget  *widget,
                                    const char *action_name,
                                    GVariant   *param)
{
  DhRepositoryPage *self = (DhRepositoryPage *)widget;
  g_autofree char *url = NULL;
  GtkRoot *root = gtk_widget_get_root (widget);

  if (self->repository == NULL)
    return;

  url = dh_repository_dup_web_url (self->repository);
  gtk_show_uri (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL, url, GDK_CURRENT_TIME);
}

typedef struct
{
  DhRepositoryPage *self;
  char             *tag;   /* NULL: the whole repository */
} DeleteRequest;

static void
delete_request_free (DeleteRequest *request)
{
  g_object_unref (request->self);
  g_free (request->tag);
  g_free (request);
}

static void
delete_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  DhHubClient *client = DH_HUB_CLIENT (object);
  DeleteRequest *request = user_data;
  DhRepositoryPage *self = request->self;
  g_autoptr(GError) error = NULL;
  g_autofree char *full_name = dh_repository_dup_full_name (self->repository);
  g_autofree char *text = NULL;
  gboolean ok;

  if (request->tag != NULL)
    ok = dh_hub_client_delete_tag_finish (client, result, &error);
  else
    ok = dh_hub_client_delete_repository_finish (client, result, &error);

  if (!ok)
    {
      if (request->tag != NULL)
        text = g_strdup_printf (_("Could not delete %s:%s: %s"), full_name, request->tag, error->message);
      else
        text = g_strdup_printf (_("Could not delete %s: %s"), full_name, error->message);
      toast (GTK_WIDGET (self), text);
    }
  else if (request->tag != NULL)
    {
      text = g_strdup_printf (_("Deleted %s:%s from Docker Hub"), full_name, request->tag);
      toast (GTK_WIDGET (self), text);
      dh_repository_page_reload (self);
    }
  else
    {
      text = g_strdup_printf (_("Deleted %s from Docker Hub"), full_name);
      toast (GTK_WIDGET (self), text);
      g_signal_emit (self, signals[DELETED], 0);
    }

  delete_request_free (request);
}

/* @user_data belongs to the dialog's handler (freed with it): the
 * deletion gets its own copy. */
static void
delete_response_cb (AdwMessageDialog *dialog,
                    const char       *response,
                    gpointer          user_data)
{
  DeleteRequest *shown = user_data;
  DhRepositoryPage *self = shown->self;
  DeleteRequest *request;

  if (g_strcmp0 (response, "delete") != 0 || self->repository == NULL)
    return;

  request = g_new0 (DeleteRequest, 1);
  request->self = g_object_ref (self);
  request->tag = g_strdup (shown->tag);

  if (request->tag != NULL)
    dh_hub_client_delete_tag_async (self->client,
                                    dh_repository_get_namespace (self->repository),
                                    dh_repository_get_name (self->repository),
                                    request->tag, NULL, delete_cb, request);
  else
    dh_hub_client_delete_repository_async (self->client,
                                           dh_repository_get_namespace (self->repository),
                                           dh_repository_get_name (self->repository),
                                           NULL, delete_cb, request);
}

static void
confirm_delete (DhRepositoryPage *self,
                const char       *tag)
{
  g_autofree char *full_name = dh_repository_dup_full_name (self->repository);
  g_autofree char *heading = NULL;
  g_autofree char *body = NULL;
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  DeleteRequest *request;
  AdwMessageDialog *dialog;

  if (tag != NULL)
    {
      heading = g_strdup_printf (_("Delete Tag %s:%s?"), full_name, tag);
      body = g_strdup_printf (_("The tag “%s” of the Docker Hub repository %s will be deleted. "
                                "Anyone pulling %s:%s will get an error. Images on computers "
                                "that pulled it already stay. This cannot be undone."),
                              tag, full_name, full_name, tag);
    }
  else
    {
      heading = g_strdup_printf (_("Delete Repository %s?"), full_name);
      body = g_strdup_printf (_("The Docker Hub repository %s will be deleted with all its "
                                "tags, stars and pull counts. Images on computers that pulled "
                                "it already stay. This cannot be undone."),
                              full_name);
    }

  dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                                       heading, body));
  adw_message_dialog_add_responses (dialog,
                                    "cancel", _("_Cancel"),
                                    "delete", tag != NULL ? _("_Delete Tag") : _("_Delete Repository"),
                                    NULL);
  adw_message_dialog_set_response_appearance (dialog, "delete", ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (dialog, "cancel");
  adw_message_dialog_set_close_response (dialog, "cancel");

  request = g_new0 (DeleteRequest, 1);
  request->self = g_object_ref (self);
  request->tag = g_strdup (tag);
  g_signal_connect_data (dialog, "response", G_CALLBACK (delete_response_cb), request,
                         (GClosureNotify)(void (*) (void))delete_request_free, 0);

  gtk_window_present (GTK_WINDOW (dialog));
}

static void
dh_repository_page_delete_tag_action (GtkWidget  *widget,
                                      const char *action_name,
                                      GVariant   *param)
{
  DhRepositoryPage *self = (DhRepositoryPage *)widget;

  if (self->repository != NULL)
    confirm_delete (self, g_variant_get_string (param, NULL));
}

static void
dh_repository_page_delete_action (GtkWidget  *widget,
                                  const char *action_name,
                                  GVariant   *param)
{
  DhRepositoryPage *self = (DhRepositoryPage *)widget;

  if (self->repository != NULL)
    confirm_delete (self, NULL);
}

static void
dh_repository_page_reload_action (GtkWidget  *widget,
                                  const char *action_name,
                                  GVariant   *param)
{
  dh_repository_page_reload (DH_REPOSITORY_PAGE (widget));
}

static void
dh_repository_page_dispose (GObject *object)
{
  DhRepositoryPage *self = (DhRepositoryPage *)object;
  GtkWidget *child;

  g_cancellable_cancel (self->cancellable);

  gtk_widget_dispose_template (GTK_WIDGET (self), DH_TYPE_REPOSITORY_PAGE);

  /* The template's top widget is not a bound child: unparent it here. */
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);

  if (self->repository != NULL)
    g_signal_handlers_disconnect_by_data (self->repository, self);

  g_clear_object (&self->cancellable);
  g_clear_object (&self->client);
  g_clear_object (&self->repository);
  g_clear_object (&self->tags);

  G_OBJECT_CLASS (dh_repository_page_parent_class)->dispose (object);
}

static void
dh_repository_page_class_init (DhRepositoryPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = dh_repository_page_dispose;

  signals[DELETED] =
    g_signal_new ("deleted",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 0);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/dockhand/Dockhand/dh-repository-page.ui");
  gtk_widget_class_bind_template_child (widget_class, DhRepositoryPage, title_label);
  gtk_widget_class_bind_template_child (widget_class, DhRepositoryPage, description_label);
  gtk_widget_class_bind_template_child (widget_class, DhRepositoryPage, visibility_row);
  gtk_widget_class_bind_template_child (widget_class, DhRepositoryPage, private_switch);
  gtk_widget_class_bind_template_child (widget_class, DhRepositoryPage, tags_stack);
  gtk_widget_class_bind_template_child (widget_class, DhRepositoryPage, spinner);
  gtk_widget_class_bind_template_child (widget_class, DhRepositoryPage, error_label);
  gtk_widget_class_bind_template_child (widget_class, DhRepositoryPage, tags_list);
  gtk_widget_class_bind_template_callback (widget_class, private_state_set_cb);

  gtk_widget_class_install_action (widget_class, "repository.pull", "s", dh_repository_page_pull_action);
  gtk_widget_class_install_action (widget_class, "repository.copy-command", "s", dh_repository_page_copy_command_action);
  gtk_widget_class_install_action (widget_class, "repository.delete-tag", "s", dh_repository_page_delete_tag_action);
  gtk_widget_class_install_action (widget_class, "repository.open-web", NULL, dh_repository_page_open_web_action);
  gtk_widget_class_install_action (widget_class, "repository.delete", NULL, dh_repository_page_delete_action);
  gtk_widget_class_install_action (widget_class, "repository.reload", NULL, dh_repository_page_reload_action);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
}

static void
dh_repository_page_init (DhRepositoryPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  /* Pulls need the engine: off while it is away. */
  dh_engine_gate_action (GTK_WIDGET (self), "repository.pull");

  self->tags = g_list_store_new (DH_TYPE_HUB_TAG);
  gtk_list_box_bind_model (self->tags_list, G_LIST_MODEL (self->tags), create_tag_row, NULL, NULL);
}

GtkWidget *
dh_repository_page_new (void)
{
  return g_object_new (DH_TYPE_REPOSITORY_PAGE, NULL);
}

void
dh_repository_page_set_repository (DhRepositoryPage *self,
                                   DhHubClient      *client,
                                   DhRepository     *repository)
{
  g_return_if_fail (DH_IS_REPOSITORY_PAGE (self));
  g_return_if_fail (DH_IS_HUB_CLIENT (client));
  g_return_if_fail (DH_IS_REPOSITORY (repository));

  if (self->repository != NULL)
    g_signal_handlers_disconnect_by_data (self->repository, self);

  g_set_object (&self->client, client);
  g_set_object (&self->repository, repository);
  g_list_store_remove_all (self->tags);

  g_signal_connect_object (repository, "notify", G_CALLBACK (dh_repository_page_update),
                           self, G_CONNECT_SWAPPED);

  dh_repository_page_update (self);
  dh_repository_page_reload (self);
}

DhRepository *
dh_repository_page_get_repository (DhRepositoryPage *self)
{
  g_return_val_if_fail (DH_IS_REPOSITORY_PAGE (self), NULL);

  return self->repository;
}

GListModel *
dh_repository_page_get_tags (DhRepositoryPage *self)
{
  g_return_val_if_fail (DH_IS_REPOSITORY_PAGE (self), NULL);

  return G_LIST_MODEL (self->tags);
}

gboolean
dh_repository_page_get_loading (DhRepositoryPage *self)
{
  g_return_val_if_fail (DH_IS_REPOSITORY_PAGE (self), FALSE);

  return self->loading;
}
