/* dh-search-dialog.c
 *
 * Copyright 2026 The Dockhand Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "dh-search-dialog"

#include "config.h"

#include <glib/gi18n.h>

#include "dh-engine-gate.h"
#include "dh-engine-search.h"
#include "dh-error.h"
#include "dh-navigate.h"
#include "dh-search-dialog.h"
#include "dh-tooltip.h"

struct _DhSearchDialog
{
  AdwWindow       parent_instance;

  DhEngine       *engine;          /* NULL: the session's, read at each search */
  GListStore     *results;
  GCancellable   *cancellable;
  char           *message;
  gboolean        busy;

  GtkSearchEntry *search_entry;
  GtkStack       *stack;
  AdwStatusPage  *status_page;
  GtkSpinner     *spinner;
  GtkListBox     *list_box;
};

G_DEFINE_FINAL_TYPE (DhSearchDialog, dh_search_dialog, ADW_TYPE_WINDOW)

/* Status pages take markup; messages from servers are plain text. */
static void
set_description (AdwStatusPage *page,
                 const char    *text)
{
  g_autofree char *escaped = g_markup_escape_text (text != NULL ? text : "", -1);

  adw_status_page_set_description (page, escaped);
}

static void
show_message (DhSearchDialog *self,
              const char     *icon_name,
              const char     *title,
              const char     *description)
{
  g_free (self->message);
  self->message = g_strdup (description);

  adw_status_page_set_icon_name (self->status_page, icon_name);
  adw_status_page_set_title (self->status_page, title);
  set_description (self->status_page, description);
  gtk_stack_set_visible_child_name (self->stack, "message");
}

static GtkWidget *
create_row (gpointer item,
            gpointer user_data)
{
  DhSearchResult *result = item;
  const char *name = dh_search_result_get_name (result);
  const char *description = dh_search_result_get_description (result);
  g_autofree char *stars = g_strdup_printf ("%" G_GINT64_FORMAT, dh_search_result_get_star_count (result));
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *box;
  GtkWidget *button;

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), name);
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row),
                               *description != '\0' ? description : _("No description"));
  adw_action_row_set_subtitle_lines (ADW_ACTION_ROW (row), 2);

  if (dh_search_result_get_is_official (result))
    {
      GtkWidget *badge = gtk_label_new (_("Official"));

      gtk_widget_set_valign (badge, GTK_ALIGN_CENTER);
      dh_tooltip_set_text (badge, _("An official image, maintained by Docker and the "
                                            "software's authors (it lives under library/)"));
      gtk_widget_add_css_class (badge, "caption-heading");
      gtk_widget_add_css_class (badge, "accent");
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), badge);
    }

  box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 4);
  gtk_widget_set_valign (box, GTK_ALIGN_CENTER);
  dh_tooltip_set_text (box, _("Stars"));
  gtk_box_append (GTK_BOX (box), gtk_image_new_from_icon_name ("starred-symbolic"));
  gtk_box_append (GTK_BOX (box), gtk_label_new (stars));
  gtk_widget_add_css_class (box, "dim-label");
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), box);

  button = gtk_button_new_with_mnemonic (_("_Pull"));
  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  gtk_actionable_set_action_name (GTK_ACTIONABLE (button), "search.pull");
  gtk_actionable_set_action_target (GTK_ACTIONABLE (button), "s", name);
  dh_engine_gate_tooltip (button, DH_ENGINE_GATE_PULL);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), button);

  return row;
}

static void
search_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  DhEngine *engine = DH_ENGINE (object);
  g_autoptr(DhSearchDialog) self = user_data;
  g_autoptr(GListModel) results = NULL;
  g_autoptr(GError) error = NULL;

  results = dh_engine_search_images_finish (engine, result, &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) ||
      g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  self->busy = FALSE;
  gtk_spinner_set_spinning (self->spinner, FALSE);
  g_list_store_remove_all (self->results);

  if (results == NULL)
    {
      /* Translators: %s is the engine's own words, such as "…: no such host" */
      g_autofree char *text = g_strdup_printf (_("The engine could not search Docker Hub (it "
                                                 "said: “%s”). Check the network connection of "
                                                 "the computer the engine runs on, then search "
                                                 "again."),
                                               error->message);

      show_message (self, "network-offline-symbolic", _("Search Failed"), text);
      return;
    }

  for (guint i = 0; i < g_list_model_get_n_items (results); i++)
    {
      g_autoptr(GObject) item = g_list_model_get_item (results, i);

      g_list_store_append (self->results, item);
    }

  if (g_list_model_get_n_items (results) == 0)
    {
      g_autofree char *text = g_strdup_printf (_("Docker Hub has no images matching “%s”. Check "
                                                 "the spelling or try a shorter word."),
                                               gtk_editable_get_text (GTK_EDITABLE (self->search_entry)));

      show_message (self, "system-search-symbolic", _("No Images Found"), text);
      return;
    }

  g_clear_pointer (&self->message, g_free);
  gtk_stack_set_visible_child_name (self->stack, "results");
}

/* The entry takes Escape for itself (stop-search): the dialog's own
 * Escape binding would never see it while the entry has focus, and the
 * shortcuts window promises that Escape closes dialogs. */
static void
stop_search_cb (DhSearchDialog *self)
{
  gtk_window_close (GTK_WINDOW (self));
}

static void
search_changed_cb (DhSearchDialog *self)
{
  g_autofree char *term = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->search_entry))));
  DhEngine *engine;

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);

  if (*term == '\0')
    {
      self->busy = FALSE;
      show_message (self, "system-search-symbolic", _("Find Images"),
                    _("Type a name to search Docker Hub through your container engine."));
      return;
    }

  engine = self->engine;
  if (engine == NULL && dh_engine_gate_session () != NULL)
    engine = dh_session_get_engine (dh_engine_gate_session ());

  if (engine == NULL)
    {
      show_message (self, "computer-fail-symbolic", _("No Container Engine"),
                    _("Searching Docker Hub goes through Docker or Podman, and neither is "
                      "connected. Start one, then search again."));
      return;
    }

  self->cancellable = g_cancellable_new ();
  self->busy = TRUE;
  gtk_spinner_set_spinning (self->spinner, TRUE);
  gtk_stack_set_visible_child_name (self->stack, "loading");
  dh_engine_search_images_async (engine, term, 50, self->cancellable,
                                 search_cb, g_object_ref (self));
}

static void
dh_search_dialog_pull_action (GtkWidget  *widget,
                              const char *action_name,
                              GVariant   *param)
{
  dh_navigate (widget, "app.pull", g_variant_new_string (g_variant_get_string (param, NULL)));
}

static void
dh_search_dialog_dispose (GObject *object)
{
  DhSearchDialog *self = (DhSearchDialog *)object;

  g_cancellable_cancel (self->cancellable);

  gtk_widget_dispose_template (GTK_WIDGET (self), DH_TYPE_SEARCH_DIALOG);

  g_clear_object (&self->cancellable);
  g_clear_object (&self->engine);
  g_clear_object (&self->results);
  g_clear_pointer (&self->message, g_free);

  G_OBJECT_CLASS (dh_search_dialog_parent_class)->dispose (object);
}

static void
dh_search_dialog_class_init (DhSearchDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = dh_search_dialog_dispose;

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/dockhand/Dockhand/dh-search-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, DhSearchDialog, search_entry);
  gtk_widget_class_bind_template_child (widget_class, DhSearchDialog, stack);
  gtk_widget_class_bind_template_child (widget_class, DhSearchDialog, status_page);
  gtk_widget_class_bind_template_child (widget_class, DhSearchDialog, spinner);
  gtk_widget_class_bind_template_child (widget_class, DhSearchDialog, list_box);
  gtk_widget_class_bind_template_callback (widget_class, search_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, stop_search_cb);

  gtk_widget_class_install_action (widget_class, "search.pull", "s", dh_search_dialog_pull_action);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
dh_search_dialog_init (DhSearchDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  /* Pulls need the engine: off while it is away. */
  dh_engine_gate_action (GTK_WIDGET (self), "search.pull");

  self->results = g_list_store_new (DH_TYPE_SEARCH_RESULT);
  gtk_list_box_bind_model (self->list_box, G_LIST_MODEL (self->results), create_row, NULL, NULL);
}

DhSearchDialog *
dh_search_dialog_new (DhEngine *engine)
{
  DhSearchDialog *self;

  g_return_val_if_fail (!engine || DH_IS_ENGINE (engine), NULL);

  self = g_object_new (DH_TYPE_SEARCH_DIALOG, NULL);
  g_set_object (&self->engine, engine);

  return self;
}

DhSearchDialog *
dh_search_dialog_present (GtkWindow  *parent,
                          const char *term)
{
  /* No engine of its own: the session's, whichever answers at each
   * search (it may stop and come back while the dialog is open). */
  DhSearchDialog *self = dh_search_dialog_new (NULL);

  gtk_window_set_transient_for (GTK_WINDOW (self), parent);
  if (term != NULL)
    dh_search_dialog_set_text (self, term);
  gtk_window_present (GTK_WINDOW (self));

  return self;
}

void
dh_search_dialog_set_text (DhSearchDialog *self,
                           const char     *text)
{
  g_return_if_fail (DH_IS_SEARCH_DIALOG (self));

  gtk_editable_set_text (GTK_EDITABLE (self->search_entry), text ? text : "");
  search_changed_cb (self);
}

GListModel *
dh_search_dialog_get_results (DhSearchDialog *self)
{
  g_return_val_if_fail (DH_IS_SEARCH_DIALOG (self), NULL);

  return G_LIST_MODEL (self->results);
}

gboolean
dh_search_dialog_get_busy (DhSearchDialog *self)
{
  g_return_val_if_fail (DH_IS_SEARCH_DIALOG (self), FALSE);

  return self->busy;
}

const char *
dh_search_dialog_get_message (DhSearchDialog *self)
{
  g_return_val_if_fail (DH_IS_SEARCH_DIALOG (self), NULL);

  return self->message;
}
