/* dh-hub-page.c
 *
 * Copyright 2026 The Dockhand Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "dh-hub-page"

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "dh-app-session.h"
#include "dh-credential.h"
#include "dh-error.h"
#include "dh-hub-page.h"
#include "dh-navigate.h"
#include "dh-reference.h"
#include "dh-repository-row.h"

struct _DhHubPage
{
  GtkWidget           parent_instance;

  /* Owned references */
  DhHubSession       *session;
  GListStore         *repositories;
  GtkFilterListModel *filter_model;
  GtkCustomFilter    *filter;
  GtkStringList      *namespaces;
  GCancellable       *cancellable;
  /* The listing under way fills it page by page (a weak pointer). */
  GListStore         *incoming;
  gboolean            streaming;  /* the list on show is @incoming's so far */
  char               *namespace_;
  char               *filter_text;
  gboolean            read_only;
  gboolean            loading;
  gboolean            updating_namespaces;
  /* A push went to this namespace while a repository was shown. */
  gboolean            stale;

  /* Template widgets */
  GtkStack           *stack;
  AdwStatusPage      *loading_page;
  GtkSpinner         *spinner;
  AdwStatusPage      *offline_page;
  AdwStatusPage      *error_page;
  GtkDropDown        *namespace_dropdown;
  GtkToggleButton    *all_button;
  GtkToggleButton    *public_button;
  GtkToggleButton    *private_button;
  GtkSearchEntry     *search_entry;
  GtkButton          *create_button;
  GtkRevealer        *offline_revealer;
  GtkLabel           *offline_label;
  GtkListBox         *list_box;
  GtkLabel           *placeholder_label;
  DhRepositoryPage   *repository_page;
};

G_DEFINE_FINAL_TYPE (DhHubPage, dh_hub_page, GTK_TYPE_WIDGET)

/* Status pages take markup; messages from servers are plain text. */
static void
set_description (AdwStatusPage *page,
                 const char    *text)
{
  g_autofree char *escaped = g_markup_escape_text (text != NULL ? text : "", -1);

  adw_status_page_set_description (page, escaped);
}

static void dh_hub_page_load (DhHubPage *self);

static void
dh_hub_page_update_actions (DhHubPage *self)
{
  gboolean listing = g_strcmp0 (dh_hub_page_get_state (self), "repositories") == 0;

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "hub.create-repository",
                                 listing && !self->read_only && self->namespace_ != NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "hub.add-namespace", listing && !self->read_only);
}

static void
dh_hub_page_show (DhHubPage  *self,
                  const char *state)
{
  gtk_spinner_set_spinning (self->spinner, g_strcmp0 (state, "loading") == 0);
  gtk_stack_set_visible_child_name (self->stack, state);
  dh_hub_page_update_actions (self);
}

static void
dh_hub_page_update_placeholder (DhHubPage *self)
{
  g_autofree char *text = NULL;

  if (g_list_model_get_n_items (G_LIST_MODEL (self->repositories)) == 0)
    text = g_strdup_printf (_("%s has no repositories yet. Create one, or push an image "
                              "named %s/NAME:TAG."),
                            self->namespace_ ? self->namespace_ : "", self->namespace_ ? self->namespace_ : "");
  else if (gtk_toggle_button_get_active (self->private_button))
    text = g_strdup (_("No private repositories match"));
  else if (gtk_toggle_button_get_active (self->public_button))
    text = g_strdup (_("No public repositories match"));
  else
    text = g_strdup (_("No repositories match"));

  gtk_label_set_text (self->placeholder_label, text);
}

static gboolean
contains_casefold (const char *haystack,
                   const char *needle)
{
  g_autofree char *h = NULL;

  if (haystack == NULL)
    return FALSE;

  h = g_utf8_casefold (haystack, -1);
  return strstr (h, needle) != NULL;
}

static gboolean
filter_func (gpointer item,
             gpointer user_data)
{
  DhHubPage *self = user_data;
  DhRepository *repository = item;
  gboolean is_private = dh_repository_get_is_private (repository);

  if (gtk_toggle_button_get_active (self->public_button) && is_private)
    return FALSE;
  if (gtk_toggle_button_get_active (self->private_button) && !is_private)
    return FALSE;

  if (self->filter_text != NULL && *self->filter_text != '\0')
    return contains_casefold (dh_repository_get_name (repository), self->filter_text) ||
           contains_casefold (dh_repository_get_description (repository), self->filter_text);

  return TRUE;
}

static void
dh_hub_page_refilter (DhHubPage *self)
{
  gtk_filter_changed (GTK_FILTER (self->filter), GTK_FILTER_CHANGE_DIFFERENT);
  dh_hub_page_update_placeholder (self);
}

static void
visibility_toggled_cb (DhHubPage       *self,
                       GtkToggleButton *button)
{
  /* Each switch toggles two buttons; filter once. */
  if (gtk_toggle_button_get_active (button))
    dh_hub_page_refilter (self);
}

static void
search_changed_cb (DhHubPage      *self,
                   GtkSearchEntry *entry)
{
  dh_hub_page_set_filter_text (self, gtk_editable_get_text (GTK_EDITABLE (entry)));
}

static GtkWidget *
create_row (gpointer item,
            gpointer user_data)
{
  return dh_repository_row_new (item);
}

static void
set_repositories (DhHubPage  *self,
                  GListModel *model)
{
  g_autoptr(GPtrArray) items = g_ptr_array_new_with_free_func (g_object_unref);

  for (guint i = 0; model != NULL && i < g_list_model_get_n_items (model); i++)
    g_ptr_array_add (items, g_list_model_get_item (model, i));

  g_list_store_splice (self->repositories, 0,
                       g_list_model_get_n_items (G_LIST_MODEL (self->repositories)),
                       items->pdata, items->len);
  dh_hub_page_update_placeholder (self);
}

/* Keeps what is shown for when the Hub cannot be reached later. */
static void
dh_hub_page_cache_listing (DhHubPage *self)
{
  g_autoptr(GListStore) copy = g_list_store_new (DH_TYPE_REPOSITORY);
  GListModel *model = G_LIST_MODEL (self->repositories);

  if (self->namespace_ == NULL || self->read_only)
    return;

  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(GObject) item = g_list_model_get_item (model, i);

      g_list_store_append (copy, item);
    }

  dh_hub_session_set_cached_repositories (self->session, self->namespace_, G_LIST_MODEL (copy));
}

static void
dh_hub_page_set_read_only (DhHubPage  *self,
                           gboolean    read_only,
                           const char *why)
{
  self->read_only = read_only;

  if (read_only)
    {
      g_autofree char *text = g_strdup_printf (_("Docker Hub cannot be reached (%s). This is the "
                                                 "list from earlier in this session; it cannot "
                                                 "be changed until Docker Hub answers again."),
                                               why);

      gtk_label_set_text (self->offline_label, text);
    }

  gtk_revealer_set_reveal_child (self->offline_revealer, read_only);
  gtk_widget_set_sensitive (GTK_WIDGET (self->list_box), !read_only);
  dh_hub_page_update_actions (self);
}

static void
list_repositories_cb (GObject      *object,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  DhHubClient *client = DH_HUB_CLIENT (object);
  g_autoptr(DhHubPage) self = user_data;
  g_autoptr(GListModel) model = NULL;
  g_autoptr(GError) error = NULL;
  GListModel *cached;

  model = dh_hub_client_list_repositories_finish (client, result, &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  self->loading = FALSE;
  g_clear_weak_pointer (&self->incoming);

  if (model != NULL)
    {
      /* Streamed in already: the same items, in the same order. */
      if (!self->streaming)
        set_repositories (self, model);
      self->streaming = FALSE;
      dh_hub_page_set_read_only (self, FALSE, NULL);
      dh_hub_page_cache_listing (self);
      dh_hub_page_show (self, "repositories");
      return;
    }

  self->streaming = FALSE;

  if (g_error_matches (error, DH_ERROR, DH_ERROR_UNREACHABLE))
    {
      if ((cached = dh_hub_session_get_cached_repositories (self->session, self->namespace_)))
        {
          set_repositories (self, cached);
          dh_hub_page_set_read_only (self, TRUE, error->message);
          dh_hub_page_show (self, "repositories");
          return;
        }

      set_description (self->offline_page, error->message);
      dh_hub_page_show (self, "offline");
      return;
    }

  set_description (self->error_page, error->message);
  dh_hub_page_show (self, "error");
}

/* The first page shows as soon as it comes when nothing is on show
 * yet; a list already shown stays until the new one is whole. */
static void
incoming_changed_cb (DhHubPage  *self,
                     guint       position,
                     guint       removed,
                     guint       added,
                     GListModel *incoming)
{
  g_autoptr(GPtrArray) items = NULL;

  if (incoming != G_LIST_MODEL (self->incoming) || added == 0)
    return;

  if (!self->streaming)
    {
      if (g_strcmp0 (dh_hub_page_get_state (self), "loading") != 0)
        return;
      self->streaming = TRUE;
      set_repositories (self, incoming);
      dh_hub_page_show (self, "repositories");
      return;
    }

  /* Pages only ever come at the end. */
  items = g_ptr_array_new_with_free_func (g_object_unref);
  for (guint i = position; i < position + added; i++)
    g_ptr_array_add (items, g_list_model_get_item (incoming, i));
  g_list_store_splice (self->repositories,
                       g_list_model_get_n_items (G_LIST_MODEL (self->repositories)), 0,
                       items->pdata, items->len);
  dh_hub_page_update_placeholder (self);
}

static void
dh_hub_page_load (DhHubPage *self)
{
  g_autoptr(GListStore) incoming = NULL;

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->stale = FALSE;

  if (self->namespace_ == NULL)
    return;

  self->cancellable = g_cancellable_new ();
  self->loading = TRUE;

  adw_status_page_set_title (self->loading_page, _("Loading Repositories…"));
  if (g_strcmp0 (dh_hub_page_get_state (self), "repositories") != 0)
    dh_hub_page_show (self, "loading");

  incoming = g_list_store_new (DH_TYPE_REPOSITORY);
  g_set_weak_pointer (&self->incoming, incoming);
  self->streaming = FALSE;
  g_signal_connect_object (incoming, "items-changed", G_CALLBACK (incoming_changed_cb),
                           self, G_CONNECT_SWAPPED);
  dh_hub_client_list_repositories_into_async (dh_hub_session_get_client (self->session),
                                              self->namespace_, "-last_updated", incoming,
                                              self->cancellable, list_repositories_cb,
                                              g_object_ref (self));
}

static void
dh_hub_page_update_namespaces (DhHubPage *self)
{
  g_auto(GStrv) namespaces = dh_hub_client_dup_namespaces (dh_hub_session_get_client (self->session));
  guint selected = 0;

  for (guint i = 0; namespaces[i] != NULL; i++)
    if (g_strcmp0 (namespaces[i], self->namespace_) == 0)
      selected = i;

  self->updating_namespaces = TRUE;
  gtk_string_list_splice (self->namespaces, 0,
                          g_list_model_get_n_items (G_LIST_MODEL (self->namespaces)),
                          (const char * const *)namespaces);
  gtk_drop_down_set_selected (self->namespace_dropdown, selected);
  self->updating_namespaces = FALSE;

  if (g_strcmp0 (self->namespace_, namespaces[selected]) != 0)
    {
      g_free (self->namespace_);
      self->namespace_ = g_strdup (namespaces[selected]);
    }
}

static void
namespace_selected_cb (DhHubPage *self)
{
  GtkStringObject *item;

  if (self->updating_namespaces)
    return;

  item = gtk_drop_down_get_selected_item (self->namespace_dropdown);
  if (item != NULL)
    dh_hub_page_set_namespace (self, gtk_string_object_get_string (item));
}

static void
session_changed_cb (DhHubPage *self)
{
  const GError *error = dh_hub_session_get_error (self->session);

  g_cancellable_cancel (self->cancellable);
  self->loading = FALSE;

  switch (dh_hub_session_get_state (self->session))
    {
    case DH_HUB_SESSION_LOGGED_OUT:
      g_clear_pointer (&self->namespace_, g_free);
      set_repositories (self, NULL);
      dh_hub_page_show (self, "logged-out");
      break;

    case DH_HUB_SESSION_LOGGING_IN:
      adw_status_page_set_title (self->loading_page, _("Logging In to Docker Hub…"));
      dh_hub_page_show (self, "loading");
      break;

    case DH_HUB_SESSION_FAILED:
      if (g_error_matches (error, DH_ERROR, DH_ERROR_UNREACHABLE))
        {
          set_description (self->offline_page, error->message);
          dh_hub_page_show (self, "offline");
        }
      else
        {
          g_autofree char *text = g_strdup_printf (_("Docker Hub refused the saved login: %s"),
                                                   error != NULL ? error->message : _("unknown error"));

          adw_status_page_set_title (self->error_page, _("Could Not Log In to Docker Hub"));
          set_description (self->error_page, text);
          dh_hub_page_show (self, "error");
        }
      break;

    case DH_HUB_SESSION_LOGGED_IN:
      adw_status_page_set_title (self->error_page, _("Could Not Load the Repositories"));
      dh_hub_page_update_namespaces (self);
      dh_hub_page_load (self);
      break;

    default:
      g_assert_not_reached ();
    }
}

static void
row_activated_cb (DhHubPage     *self,
                  GtkListBoxRow *row,
                  GtkListBox    *list_box)
{
  if (self->read_only || !DH_IS_REPOSITORY_ROW (row))
    return;

  dh_repository_page_set_repository (self->repository_page,
                                     dh_hub_session_get_client (self->session),
                                     dh_repository_row_get_repository (DH_REPOSITORY_ROW (row)));
  dh_hub_page_show (self, "repository");
}

static void
repository_deleted_cb (DhHubPage        *self,
                       DhRepositoryPage *page)
{
  DhRepository *repository = dh_repository_page_get_repository (page);
  guint position;

  if (repository != NULL &&
      g_list_store_find (self->repositories, repository, &position))
    g_list_store_remove (self->repositories, position);

  dh_hub_page_cache_listing (self);
  dh_hub_page_update_placeholder (self);
  dh_hub_page_show (self, "repositories");

  /* As for a repository made while a listing is under way. */
  if (self->loading)
    dh_hub_page_load (self);
}

void
dh_hub_page_add_repository (DhHubPage    *self,
                            DhRepository *repository)
{
  g_return_if_fail (DH_IS_HUB_PAGE (self));
  g_return_if_fail (DH_IS_REPOSITORY (repository));

  g_list_store_insert (self->repositories, 0, repository);
  dh_hub_page_cache_listing (self);
  dh_hub_page_update_placeholder (self);

  /* A listing asked for before the repository was made would bring the
   * list back without it when it comes: ask again. */
  if (self->loading)
    dh_hub_page_load (self);
}

/* Actions */

static void
dh_hub_page_reload_action (GtkWidget  *widget,
                           const char *action_name,
                           GVariant   *param)
{
  dh_hub_page_reload (DH_HUB_PAGE (widget));
}

static void
dh_hub_page_back_action (GtkWidget  *widget,
                         const char *action_name,
                         GVariant   *param)
{
  DhHubPage *self = DH_HUB_PAGE (widget);

  dh_hub_page_show (self, "repositories");
  if (self->stale)
    dh_hub_page_reload (self);
}

static void
dh_hub_page_create_repository_action (GtkWidget  *widget,
                                      const char *action_name,
                                      GVariant   *param)
{
  DhHubPage *self = (DhHubPage *)widget;

  if (self->namespace_ != NULL)
    dh_navigate (widget, "win.create-repository", g_variant_new_string (self->namespace_));
}

static void
dh_hub_page_search_action (GtkWidget  *widget,
                           const char *action_name,
                           GVariant   *param)
{
  dh_navigate (widget, "win.search-hub", g_variant_new_string (""));
}

static void
add_namespace_response_cb (AdwMessageDialog *dialog,
                           const char       *response,
                           DhHubPage        *self)
{
  GtkEditable *entry = GTK_EDITABLE (adw_message_dialog_get_extra_child (dialog));
  g_autofree char *name = g_strstrip (g_ascii_strdown (gtk_editable_get_text (entry), -1));
  g_autoptr(GError) error = NULL;

  if (g_strcmp0 (response, "add") != 0)
    return;

  if (!dh_hub_session_add_namespace (self->session, name, &error))
    {
      gtk_widget_activate_action (GTK_WIDGET (self), "win.toast", "s", error->message);
      return;
    }

  dh_hub_page_set_namespace (self, name);
}

static void
dh_hub_page_add_namespace_action (GtkWidget  *widget,
                                  const char *action_name,
                                  GVariant   *param)
{
  DhHubPage *self = (DhHubPage *)widget;
  GtkRoot *root = gtk_widget_get_root (widget);
  AdwMessageDialog *dialog;
  GtkWidget *entry;

  dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                                       _("Add an Organisation"),
                                                       _("Show the repositories of another Docker Hub "
                                                         "namespace, such as an organisation you "
                                                         "belong to. Docker Hub does not list them "
                                                         "for Dockhand, so type its name.")));
  entry = gtk_entry_new ();
  gtk_entry_set_placeholder_text (GTK_ENTRY (entry), _("Organisation name"));
  gtk_entry_set_activates_default (GTK_ENTRY (entry), TRUE);
  adw_message_dialog_set_extra_child (dialog, entry);
  adw_message_dialog_add_responses (dialog, "cancel", _("_Cancel"), "add", _("_Add"), NULL);
  adw_message_dialog_set_response_appearance (dialog, "add", ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (dialog, "add");
  adw_message_dialog_set_close_response (dialog, "cancel");
  g_signal_connect_object (dialog, "response", G_CALLBACK (add_namespace_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
dh_hub_page_dispose (GObject *object)
{
  DhHubPage *self = (DhHubPage *)object;
  GtkWidget *child;

  g_cancellable_cancel (self->cancellable);
  g_clear_weak_pointer (&self->incoming);

  gtk_widget_dispose_template (GTK_WIDGET (self), DH_TYPE_HUB_PAGE);

  /* The template's top widget is not a bound child: unparent it here. */
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);

  g_clear_object (&self->cancellable);
  g_clear_object (&self->session);
  g_clear_object (&self->filter_model);
  g_clear_object (&self->repositories);
  g_clear_object (&self->namespaces);

  G_OBJECT_CLASS (dh_hub_page_parent_class)->dispose (object);
}

static void
dh_hub_page_finalize (GObject *object)
{
  DhHubPage *self = (DhHubPage *)object;

  g_clear_pointer (&self->namespace_, g_free);
  g_clear_pointer (&self->filter_text, g_free);

  G_OBJECT_CLASS (dh_hub_page_parent_class)->finalize (object);
}

static void
dh_hub_page_class_init (DhHubPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = dh_hub_page_dispose;
  object_class->finalize = dh_hub_page_finalize;

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/dockhand/Dockhand/dh-hub-page.ui");
  gtk_widget_class_bind_template_child (widget_class, DhHubPage, stack);
  gtk_widget_class_bind_template_child (widget_class, DhHubPage, loading_page);
  gtk_widget_class_bind_template_child (widget_class, DhHubPage, spinner);
  gtk_widget_class_bind_template_child (widget_class, DhHubPage, offline_page);
  gtk_widget_class_bind_template_child (widget_class, DhHubPage, error_page);
  gtk_widget_class_bind_template_child (widget_class, DhHubPage, namespace_dropdown);
  gtk_widget_class_bind_template_child (widget_class, DhHubPage, all_button);
  gtk_widget_class_bind_template_child (widget_class, DhHubPage, public_button);
  gtk_widget_class_bind_template_child (widget_class, DhHubPage, private_button);
  gtk_widget_class_bind_template_child (widget_class, DhHubPage, search_entry);
  gtk_widget_class_bind_template_child (widget_class, DhHubPage, create_button);
  gtk_widget_class_bind_template_child (widget_class, DhHubPage, offline_revealer);
  gtk_widget_class_bind_template_child (widget_class, DhHubPage, offline_label);
  gtk_widget_class_bind_template_child (widget_class, DhHubPage, list_box);
  gtk_widget_class_bind_template_child (widget_class, DhHubPage, placeholder_label);
  gtk_widget_class_bind_template_child (widget_class, DhHubPage, repository_page);
  gtk_widget_class_bind_template_callback (widget_class, visibility_toggled_cb);
  gtk_widget_class_bind_template_callback (widget_class, search_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, row_activated_cb);
  gtk_widget_class_bind_template_callback (widget_class, repository_deleted_cb);

  gtk_widget_class_install_action (widget_class, "hub.reload", NULL, dh_hub_page_reload_action);
  gtk_widget_class_install_action (widget_class, "hub.back", NULL, dh_hub_page_back_action);
  gtk_widget_class_install_action (widget_class, "hub.create-repository", NULL, dh_hub_page_create_repository_action);
  gtk_widget_class_install_action (widget_class, "hub.search", NULL, dh_hub_page_search_action);
  gtk_widget_class_install_action (widget_class, "hub.add-namespace", NULL, dh_hub_page_add_namespace_action);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);

  g_type_ensure (DH_TYPE_REPOSITORY_PAGE);
}

static void
dh_hub_page_init (DhHubPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->repositories = g_list_store_new (DH_TYPE_REPOSITORY);
  self->filter = gtk_custom_filter_new (filter_func, self, NULL);
  self->filter_model = gtk_filter_list_model_new (g_object_ref (G_LIST_MODEL (self->repositories)),
                                                  GTK_FILTER (self->filter));
  gtk_list_box_bind_model (self->list_box, G_LIST_MODEL (self->filter_model), create_row, NULL, NULL);

  self->namespaces = gtk_string_list_new (NULL);
  gtk_drop_down_set_model (self->namespace_dropdown, G_LIST_MODEL (self->namespaces));
  g_signal_connect_object (self->namespace_dropdown, "notify::selected",
                           G_CALLBACK (namespace_selected_cb), self, G_CONNECT_SWAPPED);

  self->session = dh_session_get_hub_session (dh_app_session ());
  if (self->session != NULL)
    {
      g_object_ref (self->session);
      g_signal_connect_object (self->session, "notify::state",
                               G_CALLBACK (session_changed_cb), self, G_CONNECT_SWAPPED);
      g_signal_connect_object (dh_hub_session_get_client (self->session), "notify::namespaces",
                               G_CALLBACK (dh_hub_page_update_namespaces), self, G_CONNECT_SWAPPED);
      session_changed_cb (self);
    }
  else
    {
      set_description (self->error_page,
                                       _("The Docker Hub address in DOCKHAND_HUB_URL is not valid: "
                                         "unset it or give an https:// address."));
      dh_hub_page_show (self, "error");
    }
}

GtkWidget *
dh_hub_page_new (void)
{
  return g_object_new (DH_TYPE_HUB_PAGE, NULL);
}

DhHubSession *
dh_hub_page_get_session (DhHubPage *self)
{
  g_return_val_if_fail (DH_IS_HUB_PAGE (self), NULL);

  return self->session;
}

const char *
dh_hub_page_get_state (DhHubPage *self)
{
  g_return_val_if_fail (DH_IS_HUB_PAGE (self), NULL);

  return gtk_stack_get_visible_child_name (self->stack);
}

const char *
dh_hub_page_get_namespace (DhHubPage *self)
{
  g_return_val_if_fail (DH_IS_HUB_PAGE (self), NULL);

  return self->namespace_;
}

void
dh_hub_page_set_namespace (DhHubPage  *self,
                           const char *namespace_)
{
  g_return_if_fail (DH_IS_HUB_PAGE (self));
  g_return_if_fail (namespace_ != NULL);

  if (g_strcmp0 (self->namespace_, namespace_) == 0)
    return;

  if (self->session == NULL)
    return;

  g_free (self->namespace_);
  self->namespace_ = g_strdup (namespace_);

  set_repositories (self, dh_hub_session_get_cached_repositories (self->session, namespace_));
  dh_hub_page_update_namespaces (self);

  if (dh_hub_session_get_state (self->session) == DH_HUB_SESSION_LOGGED_IN)
    dh_hub_page_load (self);
}

const char *
dh_hub_page_get_visibility (DhHubPage *self)
{
  g_return_val_if_fail (DH_IS_HUB_PAGE (self), NULL);

  if (gtk_toggle_button_get_active (self->public_button))
    return "public";
  if (gtk_toggle_button_get_active (self->private_button))
    return "private";
  return "all";
}

void
dh_hub_page_set_visibility (DhHubPage  *self,
                            const char *visibility)
{
  g_return_if_fail (DH_IS_HUB_PAGE (self));

  if (g_strcmp0 (visibility, "public") == 0)
    gtk_toggle_button_set_active (self->public_button, TRUE);
  else if (g_strcmp0 (visibility, "private") == 0)
    gtk_toggle_button_set_active (self->private_button, TRUE);
  else
    gtk_toggle_button_set_active (self->all_button, TRUE);
}

void
dh_hub_page_set_filter_text (DhHubPage  *self,
                             const char *text)
{
  g_autofree char *folded = NULL;

  g_return_if_fail (DH_IS_HUB_PAGE (self));

  folded = text != NULL ? g_utf8_casefold (text, -1) : NULL;
  if (folded != NULL)
    g_strstrip (folded);

  if (g_strcmp0 (folded, self->filter_text) == 0)
    return;

  g_free (self->filter_text);
  self->filter_text = g_steal_pointer (&folded);

  if (g_strcmp0 (gtk_editable_get_text (GTK_EDITABLE (self->search_entry)), text ? text : "") != 0)
    gtk_editable_set_text (GTK_EDITABLE (self->search_entry), text ? text : "");

  dh_hub_page_refilter (self);
}

GListModel *
dh_hub_page_get_model (DhHubPage *self)
{
  g_return_val_if_fail (DH_IS_HUB_PAGE (self), NULL);

  return G_LIST_MODEL (self->filter_model);
}

GtkListBox *
dh_hub_page_get_list_box (DhHubPage *self)
{
  g_return_val_if_fail (DH_IS_HUB_PAGE (self), NULL);

  return self->list_box;
}

gboolean
dh_hub_page_get_read_only (DhHubPage *self)
{
  g_return_val_if_fail (DH_IS_HUB_PAGE (self), FALSE);

  return self->read_only;
}

void
dh_hub_page_reload (DhHubPage *self)
{
  g_return_if_fail (DH_IS_HUB_PAGE (self));

  if (self->session == NULL)
    return;

  if (dh_hub_session_get_state (self->session) == DH_HUB_SESSION_LOGGED_IN)
    dh_hub_page_load (self);
  else
    dh_hub_session_reload (self->session);
}

void
dh_hub_page_notify_pushed (DhHubPage  *self,
                           const char *reference)
{
  g_autoptr(DhReference) parsed = NULL;
  g_autofree char *key = NULL;
  g_autofree char *name_space = NULL;
  const char *path;
  const char *slash;
  const char *state;

  g_return_if_fail (DH_IS_HUB_PAGE (self));
  g_return_if_fail (reference != NULL);

  if (self->namespace_ == NULL || !(parsed = dh_reference_parse (reference, NULL)))
    return;

  key = dh_server_key_for_domain (dh_reference_get_domain (parsed));
  path = dh_reference_get_path (parsed);
  if (!dh_server_is_docker_hub (key) || !(slash = strchr (path, '/')))
    return;

  name_space = g_strndup (path, slash - path);
  if (g_strcmp0 (name_space, self->namespace_) != 0)
    return;

  state = dh_hub_page_get_state (self);
  if (g_strcmp0 (state, "repository") == 0)
    {
      DhRepository *shown = dh_repository_page_get_repository (self->repository_page);

      /* The tags of the repository shown get the new one; the list
       * behind it is read again on the way back. */
      if (shown != NULL && g_strcmp0 (dh_repository_get_name (shown), slash + 1) == 0)
        gtk_widget_activate_action (GTK_WIDGET (self->repository_page), "repository.reload", NULL);
      self->stale = TRUE;
      return;
    }

  if (g_strcmp0 (state, "loading") != 0 && g_strcmp0 (state, "logged-out") != 0)
    dh_hub_page_reload (self);
}

DhRepositoryPage *
dh_hub_page_get_repository_page (DhHubPage *self)
{
  g_return_val_if_fail (DH_IS_HUB_PAGE (self), NULL);

  return self->repository_page;
}

gboolean
dh_hub_page_open_repository (DhHubPage  *self,
                             const char *name)
{
  GListModel *model;

  g_return_val_if_fail (DH_IS_HUB_PAGE (self), FALSE);
  g_return_val_if_fail (name != NULL, FALSE);

  model = G_LIST_MODEL (self->repositories);
  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(DhRepository) repository = g_list_model_get_item (model, i);

      if (g_strcmp0 (dh_repository_get_name (repository), name) == 0)
        {
          dh_repository_page_set_repository (self->repository_page,
                                             dh_hub_session_get_client (self->session),
                                             repository);
          dh_hub_page_show (self, "repository");
          return TRUE;
        }
    }

  return FALSE;
}
