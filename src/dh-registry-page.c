/* dh-registry-page.c
 *
 * Copyright 2026 The Dockhand Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "dh-registry-page"

#include "config.h"

#include <glib/gi18n.h>

#include "dh-app-session.h"
#include "dh-credential.h"
#include "dh-engine-gate.h"
#include "dh-error.h"
#include "dh-naming.h"
#include "dh-navigate.h"
#include "dh-reference.h"
#include "dh-registry-client.h"
#include "dh-registry-page.h"
#include "dh-tooltip.h"

struct _DhRegistryPage
{
  GtkWidget         parent_instance;

  DhAccountManager *manager;
  DhRegistryClient *client;
  GtkStringList    *registries;     /* server keys, for the drop-down */
  GtkStringList    *repositories;
  GtkStringList    *tags;
  GCancellable     *cancellable;
  char             *registry;
  char             *repository;
  gboolean          has_registries;
  gboolean          updating;
  /* A push went to this registry while a repository's tags were shown. */
  gboolean          stale;

  /* The learner's practice registry, listed while it runs. */
  DhSession        *session;
  GCancellable     *practice_cancellable;
  gboolean          practice_starting;

  GtkDropDown      *registry_dropdown;
  GtkButton        *practice_button;
  GtkWidget        *practice_bar;
  GtkLabel         *practice_label;
  GtkLabel         *practice_error;
  GtkEntry         *open_entry;
  GtkStack         *stack;
  GtkSpinner       *spinner;
  AdwStatusPage    *unsupported_page;
  AdwStatusPage    *error_page;
  GtkListBox       *repositories_list;
  GtkLabel         *repository_label;
  GtkListBox       *tags_list;
  GtkLabel         *tags_placeholder;
};

enum {
  PROP_0,
  PROP_HAS_REGISTRIES,
  N_PROPS
};

G_DEFINE_FINAL_TYPE (DhRegistryPage, dh_registry_page, GTK_TYPE_WIDGET)

static GParamSpec *properties[N_PROPS];

/* Status pages take markup; messages from servers are plain text. */
static void
set_description (AdwStatusPage *page,
                 const char    *text)
{
  g_autofree char *escaped = g_markup_escape_text (text != NULL ? text : "", -1);

  adw_status_page_set_description (page, escaped);
}

static void
dh_registry_page_show (DhRegistryPage *self,
                       const char     *state)
{
  gtk_spinner_set_spinning (self->spinner, g_strcmp0 (state, "loading") == 0);
  gtk_stack_set_visible_child_name (self->stack, state);
}

static gboolean
is_cancelled (const GError *error)
{
  return g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) ||
         g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
}

static void
restart (DhRegistryPage *self)
{
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
}

static GtkWidget *
create_repository_row (gpointer item,
                       gpointer user_data)
{
  const char *name = gtk_string_object_get_string (item);
  GtkWidget *row = adw_action_row_new ();

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), name);
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), gtk_image_new_from_icon_name ("go-next-symbolic"));
  gtk_actionable_set_action_name (GTK_ACTIONABLE (row), "registry.open");
  gtk_actionable_set_action_target (GTK_ACTIONABLE (row), "s", name);
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);

  return row;
}

static GtkWidget *
create_tag_row (gpointer item,
                gpointer user_data)
{
  const char *tag = gtk_string_object_get_string (item);
  GtkWidget *row = adw_action_row_new ();
  g_autofree char *pull_label = g_strdup_printf (_("Pull the tag “%s”"), tag);
  g_autofree char *copy_label = g_strdup_printf (_("Copy the pull command for the tag “%s”"), tag);
  GtkWidget *button;

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), tag);
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);

  button = gtk_button_new_from_icon_name ("folder-download-symbolic");
  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  dh_tooltip_set_text (button, _("Pull this tag"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (button),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, pull_label,
                                  -1);
  gtk_actionable_set_action_name (GTK_ACTIONABLE (button), "registry.pull");
  gtk_actionable_set_action_target (GTK_ACTIONABLE (button), "s", tag);
  dh_engine_gate_tooltip (button, DH_ENGINE_GATE_PULL);
  gtk_widget_add_css_class (button, "flat");
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), button);

  button = gtk_button_new_from_icon_name ("edit-copy-symbolic");
  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  dh_tooltip_set_text (button, _("Copy the pull command"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (button),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, copy_label,
                                  -1);
  gtk_actionable_set_action_name (GTK_ACTIONABLE (button), "registry.copy-command");
  gtk_actionable_set_action_target (GTK_ACTIONABLE (button), "s", tag);
  gtk_widget_add_css_class (button, "flat");
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), button);

  return row;
}

static void
set_strings (GtkStringList *list,
             char         **strings)
{
  gtk_string_list_splice (list, 0, g_list_model_get_n_items (G_LIST_MODEL (list)),
                          (const char * const *)strings);
}

/* Tags */

static void
list_tags_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  DhRegistryClient *client = DH_REGISTRY_CLIENT (object);
  g_autoptr(DhRegistryPage) self = user_data;
  g_auto(GStrv) tags = NULL;
  g_autoptr(GError) error = NULL;

  tags = dh_registry_client_list_tags_finish (client, result, &error);

  if (is_cancelled (error) || client != self->client)
    return;

  if (tags == NULL)
    {
      g_autofree char *text = NULL;

      if (g_error_matches (error, DH_ERROR, DH_ERROR_NOT_FOUND))
        text = g_strdup_printf (_("%s has no repository named “%s”. Check the name; names "
                                  "are lower-case."),
                                self->registry, self->repository);
      else
        text = g_strdup_printf (_("Could not list the tags: %s"), error->message);

      set_strings (self->tags, NULL);
      gtk_label_set_text (self->tags_placeholder, text);
    }
  else
    {
      set_strings (self->tags, tags);
      gtk_label_set_text (self->tags_placeholder, _("This repository has no tags"));
    }

  dh_registry_page_show (self, "tags");
}

void
dh_registry_page_open_repository (DhRegistryPage *self,
                                  const char     *repository)
{
  g_autofree char *name = NULL;

  g_return_if_fail (DH_IS_REGISTRY_PAGE (self));
  g_return_if_fail (repository != NULL);

  if (self->client == NULL)
    return;

  name = g_strstrip (g_strdup (repository));
  if (*name == '\0')
    return;

  g_free (self->repository);
  self->repository = g_steal_pointer (&name);

  {
    g_autofree char *title = g_strdup_printf ("%s/%s", self->registry, self->repository);

    gtk_label_set_text (self->repository_label, title);
  }

  restart (self);
  set_strings (self->tags, NULL);
  dh_registry_page_show (self, "loading");
  dh_registry_client_list_tags_async (self->client, self->repository, 0, self->cancellable,
                                      list_tags_cb, g_object_ref (self));
}

/* Repositories */

static void
list_repositories_cb (GObject      *object,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  DhRegistryClient *client = DH_REGISTRY_CLIENT (object);
  g_autoptr(DhRegistryPage) self = user_data;
  g_auto(GStrv) repositories = NULL;
  g_autoptr(GError) error = NULL;

  repositories = dh_registry_client_list_repositories_finish (client, result, &error);

  if (is_cancelled (error) || client != self->client)
    return;

  if (repositories != NULL)
    {
      set_strings (self->repositories, repositories);
      dh_registry_page_show (self, "repositories");
    }
  else if (g_error_matches (error, DH_ERROR, DH_ERROR_UNSUPPORTED) ||
           g_error_matches (error, DH_ERROR, DH_ERROR_DENIED) ||
           g_error_matches (error, DH_ERROR, DH_ERROR_NOT_FOUND))
    {
      g_autofree char *text = g_strdup_printf (_("%s does not let Dockhand list its repositories. "
                                                 "Type a repository's name above (e.g. team/app) "
                                                 "to see its tags."),
                                               self->registry);

      set_description (self->unsupported_page, text);
      dh_registry_page_show (self, "unsupported");
    }
  else
    {
      set_description (self->error_page, error->message);
      dh_registry_page_show (self, "error");
    }
}

static void
lookup_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  DhAccountManager *manager = DH_ACCOUNT_MANAGER (object);
  g_autoptr(DhRegistryPage) self = user_data;
  g_autoptr(DhCredential) credential = NULL;
  g_autoptr(DhRegistryClient) client = NULL;
  g_autoptr(GError) error = NULL;

  credential = dh_account_manager_lookup_finish (manager, result, &error);

  if (is_cancelled (error))
    return;

  /* Plain HTTP only for loopback registries (the client ignores it
   * for anything else). */
  if (error == NULL)
    client = dh_registry_client_new (self->registry, TRUE, &error);

  if (client == NULL)
    {
      set_description (self->error_page, error->message);
      dh_registry_page_show (self, "error");
      return;
    }

  dh_registry_client_set_credential (client, credential);
  g_set_object (&self->client, client);

  dh_registry_client_list_repositories_async (client, 0, self->cancellable,
                                              list_repositories_cb, g_object_ref (self));
}

static void
dh_registry_page_load (DhRegistryPage *self)
{
  restart (self);
  self->stale = FALSE;
  g_clear_object (&self->client);
  set_strings (self->repositories, NULL);
  set_strings (self->tags, NULL);

  if (self->registry == NULL)
    {
      dh_registry_page_show (self, "none");
      return;
    }

  dh_registry_page_show (self, "loading");
  dh_account_manager_lookup_async (self->manager, self->registry, self->cancellable,
                                   lookup_cb, g_object_ref (self));
}

static DhPracticeRegistry *
practice_registry (DhRegistryPage *self)
{
  return self->session != NULL ? dh_session_get_practice_registry (self->session) : NULL;
}

/* The practice registry's server key while it runs, else NULL. */
static const char *
practice_address (DhRegistryPage *self)
{
  DhPracticeRegistry *practice = practice_registry (self);

  return practice != NULL && dh_practice_registry_get_running (practice)
         ? dh_practice_registry_get_address (practice) : NULL;
}

static void
dh_registry_page_update_practice (DhRegistryPage *self)
{
  DhPracticeRegistry *practice = practice_registry (self);
  const char *address = practice_address (self);
  gboolean shown = address != NULL && g_strcmp0 (self->registry, address) == 0;

  gtk_widget_set_visible (GTK_WIDGET (self->practice_button), practice != NULL && address == NULL);
  gtk_widget_set_sensitive (GTK_WIDGET (self->practice_button), !self->practice_starting);
  /* Without the docker-registry program, the first start downloads
   * the registry's image, which takes a while: say so. */
  if (self->practice_starting && practice != NULL && dh_practice_registry_get_pull_transfer (practice) != NULL)
    gtk_button_set_label (self->practice_button, _("Downloading the Registry’s Image…"));
  else
    gtk_button_set_label (self->practice_button,
                          self->practice_starting ? _("Starting the Practice Registry…")
                                                  : _("Start a _Practice Registry"));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "registry.start-practice",
                                 practice != NULL && address == NULL && !self->practice_starting);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "registry.stop-practice", address != NULL);

  gtk_widget_set_visible (self->practice_bar, shown);
  if (shown)
    {
      g_autofree char *text =
        g_strdup_printf (_("This is your practice registry on %s: no account, and what you push "
                           "stays on this computer (in %s). Push to it with names that start "
                           "with “%s/”."),
                         address, dh_practice_registry_get_data_dir (practice), address);

      gtk_label_set_text (self->practice_label, text);
    }
}

static void
dh_registry_page_update_registries (DhRegistryPage *self)
{
  GListModel *accounts = dh_account_manager_get_accounts (self->manager);
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_auto(GStrv) servers = NULL;
  const char *practice = practice_address (self);
  guint selected = 0;
  gboolean has;
  gboolean same;

  /* The practice registry first: a learner who started it is about to
   * use it. */
  if (practice != NULL)
    g_strv_builder_add (builder, practice);

  for (guint i = 0; i < g_list_model_get_n_items (accounts); i++)
    {
      g_autoptr(DhCredential) account = g_list_model_get_item (accounts, i);

      if (!dh_credential_is_docker_hub (account) &&
          g_strcmp0 (dh_credential_get_server (account), practice) != 0)
        g_strv_builder_add (builder, dh_credential_get_server (account));
    }
  servers = g_strv_builder_end (builder);

  same = g_strv_length (servers) == g_list_model_get_n_items (G_LIST_MODEL (self->registries));
  for (guint i = 0; same && servers[i] != NULL; i++)
    same = g_strcmp0 (servers[i], gtk_string_list_get_string (self->registries, i)) == 0;
  if (same)
    return;

  for (guint i = 0; servers[i] != NULL; i++)
    if (g_strcmp0 (servers[i], self->registry) == 0)
      selected = i;

  self->updating = TRUE;
  set_strings (self->registries, servers);
  gtk_drop_down_set_selected (self->registry_dropdown, servers[0] != NULL ? selected : GTK_INVALID_LIST_POSITION);
  self->updating = FALSE;

  has = servers[0] != NULL;
  gtk_widget_set_sensitive (GTK_WIDGET (self->open_entry), has);
  if (has != self->has_registries)
    {
      self->has_registries = has;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_HAS_REGISTRIES]);
    }

  if (g_strcmp0 (self->registry, servers[selected]) != 0 || !has)
    {
      g_free (self->registry);
      self->registry = g_strdup (servers[selected]);
      dh_registry_page_load (self);
    }

  dh_registry_page_update_practice (self);
}

static void
accounts_changed_cb (DhRegistryPage *self)
{
  dh_registry_page_update_registries (self);
}

static void
practice_running_cb (DhRegistryPage *self)
{
  const char *address = practice_address (self);

  dh_registry_page_update_registries (self);

  /* Once started, it is what the view shows. */
  if (address != NULL)
    {
      dh_registry_page_set_registry (self, address);
      for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (self->registries)); i++)
        if (g_strcmp0 (gtk_string_list_get_string (self->registries, i), address) == 0)
          {
            self->updating = TRUE;
            gtk_drop_down_set_selected (self->registry_dropdown, i);
            self->updating = FALSE;
          }
    }
  dh_registry_page_update_practice (self);
}

static void
practice_started_cb (GObject      *object,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  g_autoptr(DhRegistryPage) self = user_data;
  g_autoptr(GError) error = NULL;

  dh_session_start_practice_registry_finish (DH_SESSION (object), result, &error);

  if (self->session == NULL)
    return;

  self->practice_starting = FALSE;
  if (error != NULL && !is_cancelled (error))
    {
      gtk_label_set_text (self->practice_error, error->message);
      gtk_widget_set_visible (GTK_WIDGET (self->practice_error), TRUE);
    }
  practice_running_cb (self);
}

static void
dh_registry_page_start_practice_action (GtkWidget  *widget,
                                        const char *action_name,
                                        GVariant   *param)
{
  DhRegistryPage *self = (DhRegistryPage *)widget;

  if (self->session == NULL || self->practice_starting)
    return;

  self->practice_starting = TRUE;
  gtk_widget_set_visible (GTK_WIDGET (self->practice_error), FALSE);
  g_cancellable_cancel (self->practice_cancellable);
  g_clear_object (&self->practice_cancellable);
  self->practice_cancellable = g_cancellable_new ();
  dh_session_start_practice_registry_async (self->session, self->practice_cancellable,
                                            practice_started_cb, g_object_ref (self));
  dh_registry_page_update_practice (self);
}

static void
dh_registry_page_stop_practice_action (GtkWidget  *widget,
                                       const char *action_name,
                                       GVariant   *param)
{
  DhRegistryPage *self = (DhRegistryPage *)widget;
  DhPracticeRegistry *practice = practice_registry (self);

  if (practice != NULL)
    dh_practice_registry_stop (practice);
}

static void
registry_selected_cb (DhRegistryPage *self)
{
  GtkStringObject *item;

  if (self->updating)
    return;

  item = gtk_drop_down_get_selected_item (self->registry_dropdown);
  if (item != NULL)
    dh_registry_page_set_registry (self, gtk_string_object_get_string (item));
}

static void
open_entry_activate_cb (DhRegistryPage *self)
{
  dh_registry_page_open_repository (self, gtk_editable_get_text (GTK_EDITABLE (self->open_entry)));
}

/* Actions */

static char *
dup_reference (DhRegistryPage *self,
               const char     *tag)
{
  return g_strdup_printf ("%s/%s:%s", self->registry, self->repository, tag);
}

static void
dh_registry_page_pull_action (GtkWidget  *widget,
                              const char *action_name,
                              GVariant   *param)
{
  DhRegistryPage *self = (DhRegistryPage *)widget;
  g_autofree char *reference = NULL;

  if (self->registry == NULL || self->repository == NULL)
    return;

  reference = dup_reference (self, g_variant_get_string (param, NULL));
  dh_navigate (widget, "app.pull", g_variant_new_string (reference));
}

static void
dh_registry_page_copy_command_action (GtkWidget  *widget,
                                      const char *action_name,
                                      GVariant   *param)
{
  DhRegistryPage *self = (DhRegistryPage *)widget;
  g_autofree char *reference = NULL;
  g_autofree char *command = NULL;
  g_autofree char *text = NULL;

  if (self->registry == NULL || self->repository == NULL)
    return;

  reference = dup_reference (self, g_variant_get_string (param, NULL));
  command = dh_naming_describe_command (dh_app_session_engine_kind (), DH_COMMAND_PULL, reference, NULL);
  gdk_clipboard_set_text (gtk_widget_get_clipboard (widget), command);
  text = g_strdup_printf (_("Copied “%s”"), command);
  gtk_widget_activate_action (widget, "win.toast", "s", text);
}

static void
dh_registry_page_open_action (GtkWidget  *widget,
                              const char *action_name,
                              GVariant   *param)
{
  dh_registry_page_open_repository (DH_REGISTRY_PAGE (widget), g_variant_get_string (param, NULL));
}

static void
dh_registry_page_back_action (GtkWidget  *widget,
                              const char *action_name,
                              GVariant   *param)
{
  DhRegistryPage *self = (DhRegistryPage *)widget;

  /* Without a catalog there is no list to go back to; after a push to
   * this registry the list is read again. */
  if (g_list_model_get_n_items (G_LIST_MODEL (self->repositories)) > 0 && !self->stale)
    dh_registry_page_show (self, "repositories");
  else
    dh_registry_page_load (self);
}

void
dh_registry_page_notify_pushed (DhRegistryPage *self,
                                const char     *reference)
{
  g_autoptr(DhReference) parsed = NULL;
  g_autofree char *key = NULL;
  const char *state;

  g_return_if_fail (DH_IS_REGISTRY_PAGE (self));
  g_return_if_fail (reference != NULL);

  if (self->registry == NULL || !(parsed = dh_reference_parse (reference, NULL)))
    return;

  key = dh_server_key_for_domain (dh_reference_get_domain (parsed));
  if (g_strcmp0 (key, self->registry) != 0)
    return;

  state = dh_registry_page_get_state (self);
  if (g_strcmp0 (state, "tags") == 0)
    {
      /* The tags shown get the new one; another repository's tags stay,
       * and the list behind them is read again on the way back. */
      if (g_strcmp0 (self->repository, dh_reference_get_path (parsed)) == 0)
        {
          g_autofree char *repository = g_strdup (self->repository);

          dh_registry_page_open_repository (self, repository);
        }
      self->stale = TRUE;
      return;
    }

  dh_registry_page_load (self);
}

static void
dh_registry_page_reload_action (GtkWidget  *widget,
                                const char *action_name,
                                GVariant   *param)
{
  DhRegistryPage *self = (DhRegistryPage *)widget;

  if (g_strcmp0 (dh_registry_page_get_state (self), "tags") == 0 && self->repository != NULL)
    {
      g_autofree char *repository = g_strdup (self->repository);

      dh_registry_page_open_repository (self, repository);
    }
  else
    dh_registry_page_load (self);
}

static void
dh_registry_page_dispose (GObject *object)
{
  DhRegistryPage *self = (DhRegistryPage *)object;
  GtkWidget *child;

  g_cancellable_cancel (self->cancellable);

  if (self->manager != NULL)
    g_signal_handlers_disconnect_by_data (dh_account_manager_get_accounts (self->manager), self);
  g_cancellable_cancel (self->practice_cancellable);
  if (self->session != NULL)
    g_signal_handlers_disconnect_by_data (dh_session_get_practice_registry (self->session), self);

  gtk_widget_dispose_template (GTK_WIDGET (self), DH_TYPE_REGISTRY_PAGE);

  /* The template's top box is not a bound child: unparent it here. */
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);

  g_clear_object (&self->cancellable);
  g_clear_object (&self->practice_cancellable);
  g_clear_object (&self->session);
  g_clear_object (&self->client);
  g_clear_object (&self->manager);
  g_clear_object (&self->registries);
  g_clear_object (&self->repositories);
  g_clear_object (&self->tags);
  g_clear_pointer (&self->registry, g_free);
  g_clear_pointer (&self->repository, g_free);

  G_OBJECT_CLASS (dh_registry_page_parent_class)->dispose (object);
}

static void
dh_registry_page_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  DhRegistryPage *self = DH_REGISTRY_PAGE (object);

  switch (prop_id)
    {
    case PROP_HAS_REGISTRIES:
      g_value_set_boolean (value, self->has_registries);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
dh_registry_page_class_init (DhRegistryPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = dh_registry_page_dispose;
  object_class->get_property = dh_registry_page_get_property;

  properties[PROP_HAS_REGISTRIES] =
    g_param_spec_boolean ("has-registries", NULL, NULL, FALSE,
                          (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/dockhand/Dockhand/dh-registry-page.ui");
  gtk_widget_class_bind_template_child (widget_class, DhRegistryPage, registry_dropdown);
  gtk_widget_class_bind_template_child (widget_class, DhRegistryPage, open_entry);
  gtk_widget_class_bind_template_child (widget_class, DhRegistryPage, practice_button);
  gtk_widget_class_bind_template_child (widget_class, DhRegistryPage, practice_bar);
  gtk_widget_class_bind_template_child (widget_class, DhRegistryPage, practice_label);
  gtk_widget_class_bind_template_child (widget_class, DhRegistryPage, practice_error);
  gtk_widget_class_bind_template_child (widget_class, DhRegistryPage, stack);
  gtk_widget_class_bind_template_child (widget_class, DhRegistryPage, spinner);
  gtk_widget_class_bind_template_child (widget_class, DhRegistryPage, unsupported_page);
  gtk_widget_class_bind_template_child (widget_class, DhRegistryPage, error_page);
  gtk_widget_class_bind_template_child (widget_class, DhRegistryPage, repositories_list);
  gtk_widget_class_bind_template_child (widget_class, DhRegistryPage, repository_label);
  gtk_widget_class_bind_template_child (widget_class, DhRegistryPage, tags_list);
  gtk_widget_class_bind_template_child (widget_class, DhRegistryPage, tags_placeholder);
  gtk_widget_class_bind_template_callback (widget_class, open_entry_activate_cb);

  gtk_widget_class_install_action (widget_class, "registry.reload", NULL, dh_registry_page_reload_action);
  gtk_widget_class_install_action (widget_class, "registry.back", NULL, dh_registry_page_back_action);
  gtk_widget_class_install_action (widget_class, "registry.open", "s", dh_registry_page_open_action);
  gtk_widget_class_install_action (widget_class, "registry.pull", "s", dh_registry_page_pull_action);
  gtk_widget_class_install_action (widget_class, "registry.copy-command", "s", dh_registry_page_copy_command_action);
  gtk_widget_class_install_action (widget_class, "registry.start-practice", NULL, dh_registry_page_start_practice_action);
  gtk_widget_class_install_action (widget_class, "registry.stop-practice", NULL, dh_registry_page_stop_practice_action);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
}

static void
dh_registry_page_init (DhRegistryPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  /* Pulls need the engine: off while it is away. */
  dh_engine_gate_action (GTK_WIDGET (self), "registry.pull");

  self->registries = gtk_string_list_new (NULL);
  self->repositories = gtk_string_list_new (NULL);
  self->tags = gtk_string_list_new (NULL);

  gtk_drop_down_set_model (self->registry_dropdown, G_LIST_MODEL (self->registries));
  g_signal_connect_object (self->registry_dropdown, "notify::selected",
                           G_CALLBACK (registry_selected_cb), self, G_CONNECT_SWAPPED);
  gtk_list_box_bind_model (self->repositories_list, G_LIST_MODEL (self->repositories),
                           create_repository_row, NULL, NULL);
  gtk_list_box_bind_model (self->tags_list, G_LIST_MODEL (self->tags),
                           create_tag_row, NULL, NULL);

  gtk_widget_set_sensitive (GTK_WIDGET (self->open_entry), FALSE);
  dh_registry_page_show (self, "none");
  dh_registry_page_update_practice (self);
}

GtkWidget *
dh_registry_page_new (DhAccountManager *manager)
{
  DhRegistryPage *self;

  g_return_val_if_fail (DH_IS_ACCOUNT_MANAGER (manager), NULL);

  self = g_object_new (DH_TYPE_REGISTRY_PAGE, NULL);
  self->manager = g_object_ref (manager);
  g_signal_connect_object (dh_account_manager_get_accounts (manager), "items-changed",
                           G_CALLBACK (accounts_changed_cb), self, G_CONNECT_SWAPPED);
  accounts_changed_cb (self);

  return GTK_WIDGET (self);
}

void
dh_registry_page_set_session (DhRegistryPage *self,
                              DhSession      *session)
{
  g_return_if_fail (DH_IS_REGISTRY_PAGE (self));
  g_return_if_fail (DH_IS_SESSION (session));
  g_return_if_fail (self->session == NULL);

  self->session = g_object_ref (session);
  g_signal_connect_object (dh_session_get_practice_registry (session), "notify::running",
                           G_CALLBACK (practice_running_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (dh_session_get_practice_registry (session), "notify::pull-transfer",
                           G_CALLBACK (dh_registry_page_update_practice), self, G_CONNECT_SWAPPED);
  practice_running_cb (self);
}

gboolean
dh_registry_page_get_practice_starting (DhRegistryPage *self)
{
  g_return_val_if_fail (DH_IS_REGISTRY_PAGE (self), FALSE);

  return self->practice_starting;
}

const char *
dh_registry_page_get_practice_error (DhRegistryPage *self)
{
  g_return_val_if_fail (DH_IS_REGISTRY_PAGE (self), NULL);

  return gtk_widget_get_visible (GTK_WIDGET (self->practice_error))
         ? gtk_label_get_text (self->practice_error) : NULL;
}

gboolean
dh_registry_page_get_has_registries (DhRegistryPage *self)
{
  g_return_val_if_fail (DH_IS_REGISTRY_PAGE (self), FALSE);

  return self->has_registries;
}

const char *
dh_registry_page_get_state (DhRegistryPage *self)
{
  g_return_val_if_fail (DH_IS_REGISTRY_PAGE (self), NULL);

  return gtk_stack_get_visible_child_name (self->stack);
}

const char *
dh_registry_page_get_registry (DhRegistryPage *self)
{
  g_return_val_if_fail (DH_IS_REGISTRY_PAGE (self), NULL);

  return self->registry;
}

void
dh_registry_page_set_registry (DhRegistryPage *self,
                               const char     *server)
{
  g_return_if_fail (DH_IS_REGISTRY_PAGE (self));

  if (g_strcmp0 (self->registry, server) == 0)
    return;

  g_free (self->registry);
  self->registry = g_strdup (server);
  dh_registry_page_load (self);
}

GListModel *
dh_registry_page_get_repositories (DhRegistryPage *self)
{
  g_return_val_if_fail (DH_IS_REGISTRY_PAGE (self), NULL);

  return G_LIST_MODEL (self->repositories);
}

GListModel *
dh_registry_page_get_tags (DhRegistryPage *self)
{
  g_return_val_if_fail (DH_IS_REGISTRY_PAGE (self), NULL);

  return G_LIST_MODEL (self->tags);
}
