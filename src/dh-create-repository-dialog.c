/* dh-create-repository-dialog.c
 *
 * Copyright 2026 The Dockhand Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "dh-create-repository-dialog"

#include "config.h"

#include <glib/gi18n.h>

#include "dh-create-repository-dialog.h"
#include "dh-error.h"

struct _DhCreateRepositoryDialog
{
  AdwWindow       parent_instance;

  DhHubClient    *client;
  char           *namespace_;
  char           *name_error;
  char           *error;
  GCancellable   *cancellable;
  gboolean        busy;

  GtkButton      *create_button;
  GtkSpinner     *spinner;
  AdwEntryRow    *name_row;
  AdwEntryRow    *description_row;
  GtkLabel       *namespace_label;
  GtkLabel       *name_hint;
  GtkCheckButton *public_check;
  GtkCheckButton *private_check;
  GtkLabel       *error_label;
};

enum {
  CREATED,
  N_SIGNALS
};

G_DEFINE_FINAL_TYPE (DhCreateRepositoryDialog, dh_create_repository_dialog, ADW_TYPE_WINDOW)

static guint signals[N_SIGNALS];

static void
set_string (char       **field,
            const char  *value)
{
  if (g_strcmp0 (*field, value) == 0)
    return;

  g_free (*field);
  *field = g_strdup (value);
}

static void
dh_create_repository_dialog_update (DhCreateRepositoryDialog *self)
{
  const char *name = gtk_editable_get_text (GTK_EDITABLE (self->name_row));
  g_autofree char *lower = g_ascii_strdown (name, -1);
  g_autofree char *hint = NULL;
  g_autofree char *error = NULL;

  /* Say what is wrong as it is typed, in the Hub's own terms. */
  if (*name == '\0')
    hint = g_strdup (_("Lower-case letters and digits, with single . _ or - between them; 2 to 255 characters."));
  else if (dh_repository_name_is_valid (name))
    hint = g_strdup_printf (_("Name your images %s/%s:TAG, then push them here."), self->namespace_, name);
  else if (g_utf8_strlen (name, -1) < 2)
    error = g_strdup (_("The name needs at least 2 characters."));
  else if (g_utf8_strlen (name, -1) > 255)
    error = g_strdup (_("The name can have at most 255 characters."));
  else if (g_strcmp0 (name, lower) != 0 && dh_repository_name_is_valid (lower))
    error = g_strdup (_("Docker Hub names are lower-case only."));
  else
    error = g_strdup (_("Use only lower-case letters and digits, with single . _ or - between "
                        "them (not at the start or end)."));

  set_string (&self->name_error, error);

  gtk_label_set_text (self->name_hint, error != NULL ? error : hint);
  if (error != NULL)
    {
      gtk_widget_add_css_class (GTK_WIDGET (self->name_hint), "error");
      gtk_widget_add_css_class (GTK_WIDGET (self->name_row), "error");
    }
  else
    {
      gtk_widget_remove_css_class (GTK_WIDGET (self->name_hint), "error");
      gtk_widget_remove_css_class (GTK_WIDGET (self->name_row), "error");
    }

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "create.create",
                                 !self->busy && dh_repository_name_is_valid (name));
  gtk_spinner_set_spinning (self->spinner, self->busy);
  /* Not insensitive: GTK 4.8 warns when a focused text field is made
   * insensitive; read-only is enough while the Hub answers. */
  gtk_editable_set_editable (GTK_EDITABLE (self->name_row), !self->busy);
  gtk_editable_set_editable (GTK_EDITABLE (self->description_row), !self->busy);

  gtk_label_set_text (self->error_label, self->error != NULL ? self->error : "");
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), self->error != NULL);
}

static void
name_changed_cb (DhCreateRepositoryDialog *self)
{
  dh_create_repository_dialog_update (self);
}

static void
create_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  DhHubClient *client = DH_HUB_CLIENT (object);
  g_autoptr(DhCreateRepositoryDialog) self = user_data;
  g_autoptr(DhRepository) repository = NULL;
  g_autoptr(GError) error = NULL;

  repository = dh_hub_client_create_repository_finish (client, result, &error);
  self->busy = FALSE;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) ||
      g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  if (repository == NULL)
    {
      g_autofree char *text = NULL;

      if (g_error_matches (error, DH_ERROR, DH_ERROR_CONFLICT))
        text = g_strdup_printf (_("%s/%s already exists. Choose another name, or push to the "
                                  "existing repository."),
                                self->namespace_, gtk_editable_get_text (GTK_EDITABLE (self->name_row)));
      else
        text = g_strdup_printf (_("Docker Hub did not create the repository: %s"), error->message);

      set_string (&self->error, text);
      dh_create_repository_dialog_update (self);
      return;
    }

  g_signal_emit (self, signals[CREATED], 0, repository);

  {
    g_autofree char *full_name = dh_repository_dup_full_name (repository);
    g_autofree char *toast = g_strdup_printf (dh_repository_get_is_private (repository)
                                                ? _("Created the private repository %s")
                                                : _("Created the public repository %s"),
                                              full_name);
    GtkWindow *parent = gtk_window_get_transient_for (GTK_WINDOW (self));

    if (parent != NULL)
      gtk_widget_activate_action (GTK_WIDGET (parent), "win.toast", "s", toast);
  }

  /* GTK 4.8 warns when a window goes away with a text field focused. */
  gtk_window_set_focus (GTK_WINDOW (self), NULL);
  gtk_window_close (GTK_WINDOW (self));
}

gboolean
dh_create_repository_dialog_create (DhCreateRepositoryDialog *self)
{
  const char *name;

  g_return_val_if_fail (DH_IS_CREATE_REPOSITORY_DIALOG (self), FALSE);

  name = gtk_editable_get_text (GTK_EDITABLE (self->name_row));
  if (self->busy || !dh_repository_name_is_valid (name))
    return FALSE;

  self->busy = TRUE;
  g_clear_pointer (&self->error, g_free);
  dh_create_repository_dialog_update (self);

  dh_hub_client_create_repository_async (self->client, self->namespace_, name,
                                         gtk_editable_get_text (GTK_EDITABLE (self->description_row)),
                                         gtk_check_button_get_active (self->private_check),
                                         self->cancellable, create_cb, g_object_ref (self));
  return TRUE;
}

static void
dh_create_repository_dialog_create_action (GtkWidget  *widget,
                                           const char *action_name,
                                           GVariant   *param)
{
  dh_create_repository_dialog_create (DH_CREATE_REPOSITORY_DIALOG (widget));
}

static void
dh_create_repository_dialog_dispose (GObject *object)
{
  DhCreateRepositoryDialog *self = (DhCreateRepositoryDialog *)object;

  g_cancellable_cancel (self->cancellable);

  gtk_widget_dispose_template (GTK_WIDGET (self), DH_TYPE_CREATE_REPOSITORY_DIALOG);

  g_clear_object (&self->cancellable);
  g_clear_object (&self->client);

  G_OBJECT_CLASS (dh_create_repository_dialog_parent_class)->dispose (object);
}

static void
dh_create_repository_dialog_finalize (GObject *object)
{
  DhCreateRepositoryDialog *self = (DhCreateRepositoryDialog *)object;

  g_clear_pointer (&self->namespace_, g_free);
  g_clear_pointer (&self->name_error, g_free);
  g_clear_pointer (&self->error, g_free);

  G_OBJECT_CLASS (dh_create_repository_dialog_parent_class)->finalize (object);
}

static void
dh_create_repository_dialog_class_init (DhCreateRepositoryDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = dh_create_repository_dialog_dispose;
  object_class->finalize = dh_create_repository_dialog_finalize;

  signals[CREATED] =
    g_signal_new ("created",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, DH_TYPE_REPOSITORY);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/dockhand/Dockhand/dh-create-repository-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, DhCreateRepositoryDialog, create_button);
  gtk_widget_class_bind_template_child (widget_class, DhCreateRepositoryDialog, spinner);
  gtk_widget_class_bind_template_child (widget_class, DhCreateRepositoryDialog, name_row);
  gtk_widget_class_bind_template_child (widget_class, DhCreateRepositoryDialog, description_row);
  gtk_widget_class_bind_template_child (widget_class, DhCreateRepositoryDialog, namespace_label);
  gtk_widget_class_bind_template_child (widget_class, DhCreateRepositoryDialog, name_hint);
  gtk_widget_class_bind_template_child (widget_class, DhCreateRepositoryDialog, public_check);
  gtk_widget_class_bind_template_child (widget_class, DhCreateRepositoryDialog, private_check);
  gtk_widget_class_bind_template_child (widget_class, DhCreateRepositoryDialog, error_label);
  gtk_widget_class_bind_template_callback (widget_class, name_changed_cb);

  gtk_widget_class_install_action (widget_class, "create.create", NULL,
                                   dh_create_repository_dialog_create_action);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
dh_create_repository_dialog_init (DhCreateRepositoryDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->cancellable = g_cancellable_new ();
}

DhCreateRepositoryDialog *
dh_create_repository_dialog_new (DhHubClient *client,
                                 const char  *namespace_)
{
  DhCreateRepositoryDialog *self;
  g_autofree char *prefix = NULL;

  g_return_val_if_fail (DH_IS_HUB_CLIENT (client), NULL);
  g_return_val_if_fail (namespace_ != NULL, NULL);

  self = g_object_new (DH_TYPE_CREATE_REPOSITORY_DIALOG, NULL);
  self->client = g_object_ref (client);
  self->namespace_ = g_strdup (namespace_);

  prefix = g_strdup_printf ("%s /", namespace_);
  gtk_label_set_text (self->namespace_label, prefix);

  dh_create_repository_dialog_update (self);
  gtk_widget_grab_focus (GTK_WIDGET (self->name_row));

  return self;
}

void
dh_create_repository_dialog_set_name (DhCreateRepositoryDialog *self,
                                      const char               *name)
{
  g_return_if_fail (DH_IS_CREATE_REPOSITORY_DIALOG (self));

  gtk_editable_set_text (GTK_EDITABLE (self->name_row), name ? name : "");
}

void
dh_create_repository_dialog_set_description (DhCreateRepositoryDialog *self,
                                             const char               *description)
{
  g_return_if_fail (DH_IS_CREATE_REPOSITORY_DIALOG (self));

  gtk_editable_set_text (GTK_EDITABLE (self->description_row), description ? description : "");
}

void
dh_create_repository_dialog_set_private (DhCreateRepositoryDialog *self,
                                         gboolean                  is_private)
{
  g_return_if_fail (DH_IS_CREATE_REPOSITORY_DIALOG (self));

  gtk_check_button_set_active (is_private ? self->private_check : self->public_check, TRUE);
}

const char *
dh_create_repository_dialog_get_name_error (DhCreateRepositoryDialog *self)
{
  g_return_val_if_fail (DH_IS_CREATE_REPOSITORY_DIALOG (self), NULL);

  return self->name_error;
}

const char *
dh_create_repository_dialog_get_error (DhCreateRepositoryDialog *self)
{
  g_return_val_if_fail (DH_IS_CREATE_REPOSITORY_DIALOG (self), NULL);

  return self->error;
}

gboolean
dh_create_repository_dialog_get_busy (DhCreateRepositoryDialog *self)
{
  g_return_val_if_fail (DH_IS_CREATE_REPOSITORY_DIALOG (self), FALSE);

  return self->busy;
}
