/* dh-transfer-dialog.c
 *
 * Copyright 2026 The Dockhand Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "dh-transfer-dialog"

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "dh-application.h"
#include "dh-credential.h"
#include "dh-error.h"
#include "dh-frame-coalescer.h"
#include "dh-layer-list.h"
#include "dh-naming.h"
#include "dh-transfer-describe.h"
#include "dh-reference.h"
#include "dh-settings.h"
#include "dh-navigate.h"
#include "dh-transfer-dialog.h"

struct _DhTransferDialog
{
  AdwWindow            parent_instance;

  /* Owned references */
  DhTransferManager   *manager;
  GSettings           *settings;
  /* What the command row is about (NULL: no valid name yet). */
  char                *command_reference;
  DhTransfer          *transfer;
  DhErrorPresentation *error;
  char                *reference_error;
  char                *digest_text;
  char                *progress_text;
  char                *command_text;
  char                *state_text;
  DhTransferKind       kind;
  DhTransferState      shown_state;
  DhFrameCoalescer     redraw;
  guint                n_updates;
  guint                finished_shown : 1;
  guint                result_stage;

  /* Template widgets */
  AdwToastOverlay     *toasts;
  AdwWindowTitle      *window_title;
  GtkStack            *stack;
  AdwEntryRow         *reference_row;
  GtkLabel            *reference_error_label;
  GtkLabel            *reference_hint;
  GtkLabel            *state_label;
  GtkProgressBar      *overall_bar;
  GtkLabel            *progress_label;
  GtkWidget           *error_box;
  GtkLabel            *error_title;
  GtkLabel            *error_explanation;
  GtkLabel            *error_fix;
  GtkLabel            *error_detail;
  GtkButton           *error_action;
  AdwPreferencesGroup *result_group;
  GtkWidget           *where_row;
  GtkLabel            *where_title;
  GtkLabel            *where_subtitle;
  GtkButton           *view_button;
  GtkWidget           *digest_row;
  GtkLabel            *digest_label;
  AdwActionRow        *digest_problem_row;
  AdwPreferencesGroup *command_group;
  AdwActionRow        *command_row;
  GtkButton           *copy_command_button;
  GtkScrolledWindow   *summary_scroller;
  GtkWidget           *layers_group;
  GtkScrolledWindow   *layer_scroller;
  DhLayerList         *layer_list;
  GtkWidget           *layers_placeholder;
  GtkButton           *cancel_button;
  GtkButton           *transcript_button;
  GtkButton           *close_button;

  /* The "What the CLI would have printed" window, while open. */
  GtkWindow           *transcript_window;
  char                *transcript;
};

G_DEFINE_FINAL_TYPE (DhTransferDialog, dh_transfer_dialog, ADW_TYPE_WINDOW)

/* The command rows speak the CLI of the engine in use. */
static DhEngineKind
engine_kind (DhTransferDialog *self)
{
  DhEngine *engine = self->manager != NULL ? dh_transfer_manager_get_engine (self->manager) : NULL;

  return engine != NULL ? dh_engine_get_kind (engine) : DH_ENGINE_KIND_DOCKER;
}


static gboolean
url_is_hub (const char *reference)
{
  g_autofree char *url = dh_naming_hub_url (reference);

  return url != NULL;
}

static char *
describe_state (DhTransfer *transfer)
{
  const char *reference = dh_transfer_get_reference (transfer);
  g_autofree char *name = dh_naming_familiar (reference);
  g_autofree char *registry = dh_naming_registry_of (reference);
  gboolean push = dh_transfer_get_kind (transfer) == DH_TRANSFER_KIND_PUSH;

  switch (dh_transfer_get_state (transfer))
    {
    case DH_TRANSFER_STATE_SUCCEEDED:
      if (dh_transfer_get_kind (transfer) == DH_TRANSFER_KIND_PULL &&
          dh_transfer_get_pull_outcome (transfer) == DH_PULL_OUTCOME_UP_TO_DATE)
        return g_strdup_printf (_("%s was already up to date"), name);
      if (!url_is_hub (reference))
        return g_strdup_printf (push ? _("Pushed %s") : _("Pulled %s"), name);
      /* Translators: "Pushed alice/app:1.0 to Docker Hub" */
      return g_strdup_printf (push ? _("Pushed %s to %s") : _("Pulled %s from %s"), name, registry);

    case DH_TRANSFER_STATE_FAILED:
      return g_strdup_printf (push ? _("Could not push %s") : _("Could not pull %s"), name);

    case DH_TRANSFER_STATE_CANCELLED:
      return g_strdup_printf (push ? _("Push of %s cancelled") : _("Pull of %s cancelled"), name);

    case DH_TRANSFER_STATE_RUNNING:
    default:
      /* Names on other registries start with the registry already. */
      if (url_is_hub (reference))
        return g_strdup_printf (push ? _("Pushing %s to %s") : _("Pulling %s from %s"),
                                name, registry);
      return g_strdup_printf (push ? _("Pushing %s") : _("Pulling %s"), name);
    }
}

static gboolean
replace (char       **field,
         char        *value)
{
  if (g_strcmp0 (*field, value) == 0)
    {
      g_free (value);
      return FALSE;
    }

  g_free (*field);
  *field = value;
  return TRUE;
}

static void
dh_transfer_dialog_update_actions (DhTransferDialog *self)
{
  gboolean running = self->transfer != NULL && !dh_transfer_is_finished (self->transfer);
  gboolean finished = self->transfer != NULL && dh_transfer_is_finished (self->transfer);

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "transfer.cancel", running && self->manager != NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "transfer.retry", finished && self->manager != NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "transfer.retag", finished && self->manager != NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "transfer.copy-digest", self->digest_text != NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "transfer.show-transcript", finished);
  gtk_widget_set_visible (GTK_WIDGET (self->transcript_button), finished);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "transfer.start-pull",
                                 self->transfer == NULL && self->manager != NULL &&
                                 self->reference_error == NULL &&
                                 *gtk_editable_get_text (GTK_EDITABLE (self->reference_row)) != '\0');
}

static void
dh_transfer_dialog_show_command (DhTransferDialog *self,
                                 const char       *reference)
{
  gboolean shown = reference != NULL && dh_settings_get_boolean (self->settings, "show-command-equivalents");

  if (reference != self->command_reference)
    replace (&self->command_reference, g_strdup (reference));

  gtk_widget_set_visible (GTK_WIDGET (self->command_group), shown);
  if (!shown)
    return;

  replace (&self->command_text,
           dh_naming_describe_command (engine_kind (self),
                                       self->kind == DH_TRANSFER_KIND_PUSH ? DH_COMMAND_PUSH : DH_COMMAND_PULL,
                                       reference, NULL));
  adw_action_row_set_subtitle (self->command_row, self->command_text);
  /* Target first: a name without its "s" target would not match. */
  gtk_actionable_set_action_target_value (GTK_ACTIONABLE (self->copy_command_button),
                                          g_variant_new_string (self->command_text));
  gtk_actionable_set_action_name (GTK_ACTIONABLE (self->copy_command_button), "transfer.copy-text");
}

/* The setting follows the Preferences window while the dialog is open. */
static void
show_commands_changed_cb (DhTransferDialog *self)
{
  g_autofree char *reference = g_strdup (self->command_reference);

  dh_transfer_dialog_show_command (self, reference);
}

static void
dh_transfer_dialog_show_error (DhTransferDialog *self)
{
  const GError *error = dh_transfer_get_error (self->transfer);
  g_autoptr(GError) fallback = NULL;
  const char *username = NULL;
  DhErrorPresentation *p;

  if (error == NULL)
    {
      gboolean cancelled = dh_transfer_get_state (self->transfer) == DH_TRANSFER_STATE_CANCELLED;

      fallback = g_error_new_literal (cancelled ? G_IO_ERROR : DH_ERROR,
                                      cancelled ? G_IO_ERROR_CANCELLED : DH_ERROR_FAILED,
                                      dh_transfer_get_error_message (self->transfer)
                                      ? dh_transfer_get_error_message (self->transfer)
                                      : _("The engine gave no reason."));
      error = fallback;
    }

  if (self->manager != NULL)
    username = dh_transfer_manager_get_username (self->manager, self->transfer);

  g_clear_pointer (&self->error, dh_error_presentation_free);
  self->error = p = dh_error_presentation_new (error, self->kind,
                                               dh_transfer_get_reference (self->transfer),
                                               username);

  gtk_label_set_text (self->error_title, p->title);
  gtk_label_set_text (self->error_explanation, p->explanation);
  gtk_label_set_text (self->error_fix, p->fix ? p->fix : "");
  gtk_widget_set_visible (GTK_WIDGET (self->error_fix), p->fix != NULL);
  gtk_label_set_text (self->error_detail, p->detail ? p->detail : "");
  gtk_widget_set_visible (GTK_WIDGET (self->error_detail), p->detail != NULL);

  gtk_widget_set_visible (GTK_WIDGET (self->error_action), p->action_label != NULL);
  if (p->action_label != NULL)
    {
      gtk_button_set_label (self->error_action, p->action_label);
      /* Through the dialog's own action: the dialog is no application
       * window, so an "app." or "win." action is reached through the
       * window it is transient for (dh_navigate), not greyed out. */
      gtk_actionable_set_action_name (GTK_ACTIONABLE (self->error_action), "transfer.error-action");
    }

  /* A cancel the person asked for is not an alarm. */
  if (p->cancelled)
    gtk_widget_remove_css_class (self->error_box, "error");
  else
    gtk_widget_add_css_class (self->error_box, "error");

  gtk_widget_set_visible (self->error_box, TRUE);
}

static void transfer_notify_cb (DhTransferDialog *self);

static void
dh_transfer_dialog_set_digest (DhTransferDialog *self,
                               const char       *digest)
{
  replace (&self->digest_text, g_strdup (digest));
  /* One line, cut in the middle: a wrapped 71-character digest costs a
   * frame of its own to lay out and reads no better. The tooltip and
   * the copy button have all of it. */
  gtk_label_set_text (self->digest_label, digest ? digest : "");
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->digest_label), digest);
  dh_transfer_dialog_update_actions (self);
}

static void
dh_transfer_dialog_show_result (DhTransferDialog *self)
{
  const char *reference = dh_transfer_get_reference (self->transfer);
  g_autofree char *name = dh_naming_familiar (reference);
  g_autofree char *registry = dh_naming_registry_of (reference);
  g_autofree char *url = dh_naming_hub_url (reference);
  g_autofree char *title = NULL;
  g_autofree char *subtitle = NULL;
  const char *digest = dh_transfer_get_digest (self->transfer);

  if (self->kind == DH_TRANSFER_KIND_PUSH)
    {
      g_autofree char *pull = dh_naming_describe_command (engine_kind (self), DH_COMMAND_PULL, reference, NULL);

      /* Translators: "alice/app:1.0 is now on Docker Hub" */
      title = g_strdup_printf (_("%s is now on %s"), name, registry);
      /* Translators: the %s is a command line, "docker pull alice/app:1.0" */
      subtitle = g_strdup_printf (_("Anyone allowed to read the repository can get it with “%s”."), pull);
    }
  else
    {
      /* The command line of the engine in use, as in the command rows. */
      g_autofree char *run = g_strdup_printf ("%s run %s",
                                              engine_kind (self) == DH_ENGINE_KIND_PODMAN ? "podman" : "docker",
                                              name);

      title = g_strdup_printf (_("%s is now on this computer"), name);
      /* Translators: the %s is a command line, "docker run alice/app:1.0" */
      subtitle = g_strdup_printf (_("It is listed under Local Images; start it with “%s”."), run);
    }

  gtk_label_set_text (self->where_title, title);
  gtk_label_set_text (self->where_subtitle, subtitle);
  gtk_widget_set_visible (GTK_WIDGET (self->view_button), url != NULL);

  dh_transfer_dialog_set_digest (self, digest);

  /* Laying out the result's rows for the first time is the most
   * expensive thing this dialog draws: they appear one per frame after
   * the frame that shows the end, which keeps every frame short. */
  gtk_widget_set_visible (GTK_WIDGET (self->where_row), FALSE);
  gtk_widget_set_visible (GTK_WIDGET (self->digest_row), FALSE);
  self->result_stage = 1;
  transfer_notify_cb (self);
}

/* The layer list's least height: about two rows, or one after a failure. */
#define LAYER_LIST_MIN_HEIGHT         120
#define LAYER_LIST_MIN_HEIGHT_STOPPED 56

/* The layer list reveals its rows itself; here only whether it has a
 * place. */
static void
dh_transfer_dialog_update_layers (DhTransferDialog *self)
{
  guint n = g_list_model_get_n_items (dh_transfer_get_layers (self->transfer));
  /* The list's place is kept from the start, so the first layers do
   * not move everything; a transfer that ended without any gives the
   * summary the whole window. */
  gboolean show_list = n > 0 || !dh_transfer_is_finished (self->transfer);

  if (gtk_widget_get_visible (self->layers_group) != show_list)
    {
      gtk_widget_set_visible (self->layers_group, show_list);
      gtk_widget_set_vexpand (GTK_WIDGET (self->summary_scroller), !show_list);
    }
  if (gtk_widget_get_visible (self->layers_placeholder) != (n == 0))
    gtk_widget_set_visible (self->layers_placeholder, n == 0);
}

static void
dh_transfer_dialog_sync (DhTransferDialog *self)
{
  DhTransferState state;
  double fraction;

  if (self->transfer == NULL)
    return;

  self->n_updates++;
  state = dh_transfer_get_state (self->transfer);

  dh_transfer_dialog_update_layers (self);

  if (self->result_stage > 0 && state == self->shown_state)
    {
      if (self->result_stage == 1)
        {
          gtk_widget_set_visible (GTK_WIDGET (self->result_group), TRUE);
          gtk_widget_set_visible (GTK_WIDGET (self->where_row), TRUE);
          self->result_stage = self->digest_text != NULL ? 2 : 0;
        }
      else
        {
          gtk_widget_set_visible (GTK_WIDGET (self->digest_row), TRUE);
          self->result_stage = 0;
        }

      if (self->result_stage > 0)
        transfer_notify_cb (self);
    }

  if (replace (&self->state_text, describe_state (self->transfer)))
    gtk_label_set_text (self->state_label, self->state_text);

  if (replace (&self->progress_text, dh_transfer_describe_progress (self->transfer)))
    gtk_label_set_text (self->progress_label, self->progress_text);

  fraction = dh_transfer_get_fraction (self->transfer);
  if (gtk_progress_bar_get_fraction (self->overall_bar) != fraction)
    gtk_progress_bar_set_fraction (self->overall_bar, fraction);

  /* Podman's push names no digest: the registry's answer comes after
   * the push has succeeded and its result is shown. */
  if (state == DH_TRANSFER_STATE_SUCCEEDED && state == self->shown_state &&
      g_strcmp0 (self->digest_text, dh_transfer_get_digest (self->transfer)) != 0)
    {
      dh_transfer_dialog_set_digest (self, dh_transfer_get_digest (self->transfer));
      if (self->result_stage == 0)
        gtk_widget_set_visible (GTK_WIDGET (self->digest_row), self->digest_text != NULL);
    }

  /* Or why the registry gave none (it may also not answer at all). */
  if (state == DH_TRANSFER_STATE_SUCCEEDED && state == self->shown_state)
    {
      const char *problem = dh_transfer_get_digest_problem (self->transfer);
      gboolean show_problem = problem != NULL && self->digest_text == NULL && self->result_stage == 0;

      if (show_problem && g_strcmp0 (adw_action_row_get_subtitle (self->digest_problem_row), problem) != 0)
        adw_action_row_set_subtitle (self->digest_problem_row, problem);
      if (gtk_widget_get_visible (GTK_WIDGET (self->digest_problem_row)) != show_problem)
        gtk_widget_set_visible (GTK_WIDGET (self->digest_problem_row), show_problem);
    }

  if (state == self->shown_state && self->finished_shown == dh_transfer_is_finished (self->transfer))
    return;

  self->shown_state = state;
  self->finished_shown = dh_transfer_is_finished (self->transfer);

  /* An empty bar under "Could not push" says nothing more. */
  gtk_widget_set_visible (GTK_WIDGET (self->overall_bar),
                          state == DH_TRANSFER_STATE_RUNNING || state == DH_TRANSFER_STATE_SUCCEEDED);
  gtk_widget_set_visible (GTK_WIDGET (self->progress_label),
                          state == DH_TRANSFER_STATE_RUNNING || state == DH_TRANSFER_STATE_SUCCEEDED);

  /* After a failure the explanation matters more than the layers: the
   * list may shrink to one row to leave it the room. */
  gtk_scrolled_window_set_min_content_height (self->layer_scroller,
                                              dh_transfer_stopped_short (self->transfer)
                                              ? LAYER_LIST_MIN_HEIGHT_STOPPED : LAYER_LIST_MIN_HEIGHT);

  gtk_widget_set_visible (self->error_box, FALSE);
  gtk_widget_set_visible (GTK_WIDGET (self->result_group), FALSE);

  if (state == DH_TRANSFER_STATE_SUCCEEDED)
    dh_transfer_dialog_show_result (self);
  else if (state != DH_TRANSFER_STATE_RUNNING)
    dh_transfer_dialog_show_error (self);

  if (state == DH_TRANSFER_STATE_RUNNING)
    {
      gtk_button_set_label (self->cancel_button,
                            self->kind == DH_TRANSFER_KIND_PUSH ? _("_Cancel Push") : _("_Cancel Pull"));
      gtk_button_set_label (self->close_button, _("Continue in _Background"));
      gtk_widget_set_tooltip_text (GTK_WIDGET (self->close_button),
                                   _("Close this window; the transfer goes on in the Transfers view"));
      gtk_widget_set_visible (GTK_WIDGET (self->cancel_button), self->manager != NULL);
    }
  else
    {
      gtk_button_set_label (self->close_button, _("_Close"));
      gtk_widget_set_tooltip_text (GTK_WIDGET (self->close_button), NULL);
      gtk_widget_set_visible (GTK_WIDGET (self->cancel_button), FALSE);
      gtk_widget_add_css_class (GTK_WIDGET (self->close_button), "suggested-action");
    }

  dh_transfer_dialog_update_actions (self);
}

static gboolean
dh_transfer_dialog_frame (GtkWidget *widget)
{
  dh_transfer_dialog_sync (DH_TRANSFER_DIALOG (widget));

  /* A result shown in stages asked for the next frame already. */
  return FALSE;
}

/* A stream can bring thousands of lines a second: each notification
 * only marks the dialog dirty, the next frame reads the values once. */
static void
transfer_notify_cb (DhTransferDialog *self)
{
  dh_frame_coalescer_queue (&self->redraw);
}

/* Layers are only ever appended; rows follow on the next frame. */
static void
layers_changed_cb (DhTransferDialog *self)
{
  transfer_notify_cb (self);
}

static void
dh_transfer_dialog_set_transfer (DhTransferDialog *self,
                                 DhTransfer       *transfer)
{
  g_autofree char *name = NULL;

  g_assert (DH_IS_TRANSFER_DIALOG (self));
  g_assert (DH_IS_TRANSFER (transfer));

  if (self->transfer != NULL)
    {
      g_signal_handlers_disconnect_by_func (self->transfer, transfer_notify_cb, self);
      g_signal_handlers_disconnect_by_func (dh_transfer_get_layers (self->transfer), layers_changed_cb, self);
    }

  g_set_object (&self->transfer, transfer);
  dh_layer_list_set_transfer (self->layer_list, transfer);
  self->kind = dh_transfer_get_kind (transfer);
  self->shown_state = DH_TRANSFER_STATE_RUNNING;
  self->finished_shown = FALSE;
  g_clear_pointer (&self->error, dh_error_presentation_free);
  g_clear_pointer (&self->digest_text, g_free);
  self->result_stage = 0;
  gtk_widget_remove_css_class (GTK_WIDGET (self->close_button), "suggested-action");

  name = dh_naming_familiar (dh_transfer_get_reference (transfer));
  gtk_window_set_title (GTK_WINDOW (self), self->kind == DH_TRANSFER_KIND_PUSH ? _("Push") : _("Pull"));
  adw_window_title_set_title (self->window_title,
                              self->kind == DH_TRANSFER_KIND_PUSH ? _("Push Image") : _("Pull Image"));
  adw_window_title_set_subtitle (self->window_title, name);

  g_signal_connect_object (dh_transfer_get_layers (transfer), "items-changed",
                           G_CALLBACK (layers_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (transfer, "notify", G_CALLBACK (transfer_notify_cb), self, G_CONNECT_SWAPPED);

  dh_transfer_dialog_show_command (self, dh_transfer_get_reference (transfer));
  gtk_stack_set_visible_child_name (self->stack, "progress");
  gtk_widget_set_visible (GTK_WIDGET (self->cancel_button), self->manager != NULL);

  /* Force the first sync to lay out buttons and boxes. */
  self->shown_state = (DhTransferState)-1;
  dh_transfer_dialog_sync (self);
}

static void
reference_changed_cb (DhTransferDialog *self)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->reference_row));
  g_autoptr(DhReference) parsed = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *stripped = g_strstrip (g_strdup (text));

  if (*stripped == '\0')
    {
      g_clear_pointer (&self->reference_error, g_free);
      gtk_widget_set_visible (GTK_WIDGET (self->reference_error_label), FALSE);
      gtk_label_set_text (self->reference_hint, "");
      gtk_widget_remove_css_class (GTK_WIDGET (self->reference_row), "error");
      dh_transfer_dialog_show_command (self, NULL);
      dh_transfer_dialog_update_actions (self);
      return;
    }

  if (!(parsed = dh_reference_parse (stripped, &error)))
    {
      replace (&self->reference_error, g_strdup (error->message));
      gtk_label_set_text (self->reference_error_label, error->message);
      gtk_widget_set_visible (GTK_WIDGET (self->reference_error_label), TRUE);
      gtk_label_set_text (self->reference_hint, "");
      gtk_widget_add_css_class (GTK_WIDGET (self->reference_row), "error");
      dh_transfer_dialog_show_command (self, NULL);
    }
  else
    {
      g_autofree char *full = dh_reference_to_string (parsed);
      g_autofree char *registry = dh_registry_display_name (dh_reference_get_domain (parsed));
      g_autofree char *hint = NULL;

      g_clear_pointer (&self->reference_error, g_free);
      gtk_widget_set_visible (GTK_WIDGET (self->reference_error_label), FALSE);
      gtk_widget_remove_css_class (GTK_WIDGET (self->reference_row), "error");

      /* Translators: "Pulls docker.io/library/nginx:latest from Docker Hub" */
      hint = g_strdup_printf (_("Pulls %s from %s."), full, registry);
      gtk_label_set_text (self->reference_hint, hint);
      dh_transfer_dialog_show_command (self, stripped);
    }

  dh_transfer_dialog_update_actions (self);
}

static void
dh_transfer_dialog_start_pull_action (GtkWidget  *widget,
                                      const char *action_name,
                                      GVariant   *param)
{
  dh_transfer_dialog_start_pull (DH_TRANSFER_DIALOG (widget));
}

/* The failure's suggested action ("Look for Engine Again", …). */
static void
dh_transfer_dialog_error_action (GtkWidget  *widget,
                                 const char *action_name,
                                 GVariant   *param)
{
  DhTransferDialog *self = DH_TRANSFER_DIALOG (widget);

  if (self->error == NULL || self->error->action_name == NULL)
    return;

  dh_navigate (widget, self->error->action_name, self->error->action_target);
}

static void
dh_transfer_dialog_cancel_action (GtkWidget  *widget,
                                  const char *action_name,
                                  GVariant   *param)
{
  DhTransferDialog *self = DH_TRANSFER_DIALOG (widget);

  if (self->manager != NULL && self->transfer != NULL)
    dh_transfer_manager_cancel (self->manager, self->transfer);
}

static void
dh_transfer_dialog_retry_action (GtkWidget  *widget,
                                 const char *action_name,
                                 GVariant   *param)
{
  DhTransferDialog *self = DH_TRANSFER_DIALOG (widget);
  DhTransfer *transfer;

  if (self->manager == NULL || self->transfer == NULL)
    return;

  transfer = dh_transfer_manager_retry (self->manager, self->transfer);
  dh_transfer_dialog_set_transfer (self, transfer);
}

static void
dh_transfer_dialog_retag_action (GtkWidget  *widget,
                                 const char *action_name,
                                 GVariant   *param)
{
  DhTransferDialog *self = DH_TRANSFER_DIALOG (widget);
  const char *target = g_variant_get_string (param, NULL);

  if (self->manager == NULL || self->transfer == NULL)
    return;

  /* The window opens the tag dialog; this one has done its part. */
  if (dh_navigate (widget, "win.tag-image-as",
                   g_variant_new ("(ss)", dh_transfer_get_reference (self->transfer), target)))
    gtk_window_destroy (GTK_WINDOW (self));
}

static void
copy_to_clipboard (DhTransferDialog *self,
                   const char       *text,
                   const char       *toast)
{
  gdk_clipboard_set_text (gtk_widget_get_clipboard (GTK_WIDGET (self)), text);
  adw_toast_overlay_add_toast (self->toasts, adw_toast_new (toast));
}

static void
dh_transfer_dialog_copy_text_action (GtkWidget  *widget,
                                     const char *action_name,
                                     GVariant   *param)
{
  copy_to_clipboard (DH_TRANSFER_DIALOG (widget), g_variant_get_string (param, NULL),
                     _("Copied to clipboard"));
}

static void
dh_transfer_dialog_copy_digest_action (GtkWidget  *widget,
                                       const char *action_name,
                                       GVariant   *param)
{
  DhTransferDialog *self = DH_TRANSFER_DIALOG (widget);

  if (self->digest_text != NULL)
    copy_to_clipboard (self, self->digest_text, _("Digest copied to clipboard"));
}

static void
dh_transfer_dialog_view_online_action (GtkWidget  *widget,
                                       const char *action_name,
                                       GVariant   *param)
{
  DhTransferDialog *self = DH_TRANSFER_DIALOG (widget);
  g_autofree char *url = NULL;

  if (self->transfer == NULL)
    return;

  if ((url = dh_naming_hub_url (dh_transfer_get_reference (self->transfer))))
    gtk_show_uri (GTK_WINDOW (self), url, GDK_CURRENT_TIME);
}

static void
transcript_copy_cb (DhTransferDialog *self)
{
  if (self->transcript == NULL || self->transcript_window == NULL)
    return;

  gdk_clipboard_set_text (gtk_widget_get_clipboard (GTK_WIDGET (self->transcript_window)), self->transcript);
  adw_toast_overlay_add_toast (g_object_get_data (G_OBJECT (self->transcript_window), "toasts"),
                               adw_toast_new (_("Copied to clipboard")));
}

/* transfer.show-transcript: what `docker push`/`pull` (or podman's)
 * would have printed for this transfer, read-only and monospace, with a
 * Copy button, in a window of its own so it can sit beside a tutorial. */
static void
dh_transfer_dialog_show_transcript_action (GtkWidget  *widget,
                                           const char *action_name,
                                           GVariant   *param)
{
  DhTransferDialog *self = DH_TRANSFER_DIALOG (widget);
  g_autofree char *subtitle = NULL;
  GtkWidget *window;
  GtkWidget *box;
  GtkWidget *header;
  GtkWidget *title;
  GtkWidget *copy;
  GtkWidget *toasts;
  GtkWidget *scroller;
  GtkWidget *view;
  GtkTextBuffer *buffer;
  gboolean podman;

  if (self->transfer == NULL || !dh_transfer_is_finished (self->transfer))
    return;

  if (self->transcript_window != NULL)
    gtk_window_destroy (self->transcript_window);

  g_free (self->transcript);
  self->transcript = dh_transfer_dup_transcript (self->transfer);
  podman = dh_transfer_get_transcript_dialect (self->transfer) == DH_TRANSCRIPT_DIALECT_PODMAN;

  window = adw_window_new ();
  gtk_window_set_title (GTK_WINDOW (window), _("What the CLI Would Have Printed"));
  gtk_window_set_default_size (GTK_WINDOW (window), 720, 420);
  gtk_window_set_transient_for (GTK_WINDOW (window), GTK_WINDOW (self));
  gtk_window_set_destroy_with_parent (GTK_WINDOW (window), TRUE);

  box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  header = adw_header_bar_new ();
  subtitle = dh_naming_describe_command (podman ? DH_ENGINE_KIND_PODMAN : DH_ENGINE_KIND_DOCKER,
                                         self->kind == DH_TRANSFER_KIND_PUSH ? DH_COMMAND_PUSH : DH_COMMAND_PULL,
                                         dh_transfer_get_reference (self->transfer), NULL);
  title = adw_window_title_new (_("What the CLI Would Have Printed"), subtitle);
  adw_header_bar_set_title_widget (ADW_HEADER_BAR (header), title);
  copy = gtk_button_new_with_mnemonic (_("_Copy"));
  gtk_widget_set_tooltip_text (copy, _("Copy the whole output"));
  g_signal_connect_object (copy, "clicked", G_CALLBACK (transcript_copy_cb), self, G_CONNECT_SWAPPED);
  adw_header_bar_pack_start (ADW_HEADER_BAR (header), copy);
  gtk_box_append (GTK_BOX (box), header);

  view = gtk_text_view_new ();
  gtk_text_view_set_editable (GTK_TEXT_VIEW (view), FALSE);
  gtk_text_view_set_cursor_visible (GTK_TEXT_VIEW (view), FALSE);
  gtk_text_view_set_monospace (GTK_TEXT_VIEW (view), TRUE);
  gtk_text_view_set_wrap_mode (GTK_TEXT_VIEW (view), GTK_WRAP_WORD_CHAR);
  gtk_text_view_set_top_margin (GTK_TEXT_VIEW (view), 12);
  gtk_text_view_set_bottom_margin (GTK_TEXT_VIEW (view), 12);
  gtk_text_view_set_left_margin (GTK_TEXT_VIEW (view), 12);
  gtk_text_view_set_right_margin (GTK_TEXT_VIEW (view), 12);
  gtk_accessible_update_property (GTK_ACCESSIBLE (view), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Terminal output"), -1);
  buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (view));
  gtk_text_buffer_set_text (buffer, self->transcript, -1);

  scroller = gtk_scrolled_window_new ();
  gtk_widget_set_vexpand (scroller, TRUE);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scroller), view);
  toasts = adw_toast_overlay_new ();
  adw_toast_overlay_set_child (ADW_TOAST_OVERLAY (toasts), scroller);
  gtk_widget_set_vexpand (toasts, TRUE);
  gtk_box_append (GTK_BOX (box), toasts);
  g_object_set_data (G_OBJECT (window), "toasts", toasts);
  g_object_set_data (G_OBJECT (window), "text-view", view);

  adw_window_set_content (ADW_WINDOW (window), box);

  self->transcript_window = GTK_WINDOW (window);
  g_object_add_weak_pointer (G_OBJECT (window), (gpointer *)&self->transcript_window);
  gtk_window_present (GTK_WINDOW (window));
  gtk_widget_grab_focus (view);
}

static void
dh_transfer_dialog_dispose (GObject *object)
{
  DhTransferDialog *self = (DhTransferDialog *)object;

  dh_frame_coalescer_clear (&self->redraw);

  if (self->transcript_window != NULL)
    {
      g_object_remove_weak_pointer (G_OBJECT (self->transcript_window), (gpointer *)&self->transcript_window);
      gtk_window_destroy (self->transcript_window);
      self->transcript_window = NULL;
    }

  if (self->transfer != NULL)
    {
      g_signal_handlers_disconnect_by_func (self->transfer, transfer_notify_cb, self);
      g_signal_handlers_disconnect_by_func (dh_transfer_get_layers (self->transfer), layers_changed_cb, self);
    }

  gtk_widget_dispose_template (GTK_WIDGET (self), DH_TYPE_TRANSFER_DIALOG);

  g_clear_object (&self->transfer);
  g_clear_object (&self->manager);
  g_clear_object (&self->settings);

  G_OBJECT_CLASS (dh_transfer_dialog_parent_class)->dispose (object);
}

static void
dh_transfer_dialog_finalize (GObject *object)
{
  DhTransferDialog *self = (DhTransferDialog *)object;

  g_clear_pointer (&self->error, dh_error_presentation_free);
  g_clear_pointer (&self->reference_error, g_free);
  g_clear_pointer (&self->digest_text, g_free);
  g_clear_pointer (&self->progress_text, g_free);
  g_clear_pointer (&self->command_text, g_free);
  g_clear_pointer (&self->command_reference, g_free);
  g_clear_pointer (&self->state_text, g_free);
  g_clear_pointer (&self->transcript, g_free);

  G_OBJECT_CLASS (dh_transfer_dialog_parent_class)->finalize (object);
}

static void
dh_transfer_dialog_class_init (DhTransferDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = dh_transfer_dialog_dispose;
  object_class->finalize = dh_transfer_dialog_finalize;

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/dockhand/Dockhand/dh-transfer-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, DhTransferDialog, toasts);
  gtk_widget_class_bind_template_child (widget_class, DhTransferDialog, window_title);
  gtk_widget_class_bind_template_child (widget_class, DhTransferDialog, stack);
  gtk_widget_class_bind_template_child (widget_class, DhTransferDialog, reference_row);
  gtk_widget_class_bind_template_child_full (widget_class, "reference_error", FALSE,
                                             G_STRUCT_OFFSET (DhTransferDialog, reference_error_label));
  gtk_widget_class_bind_template_child (widget_class, DhTransferDialog, reference_hint);
  gtk_widget_class_bind_template_child (widget_class, DhTransferDialog, state_label);
  gtk_widget_class_bind_template_child (widget_class, DhTransferDialog, overall_bar);
  gtk_widget_class_bind_template_child (widget_class, DhTransferDialog, progress_label);
  gtk_widget_class_bind_template_child (widget_class, DhTransferDialog, error_box);
  gtk_widget_class_bind_template_child (widget_class, DhTransferDialog, error_title);
  gtk_widget_class_bind_template_child (widget_class, DhTransferDialog, error_explanation);
  gtk_widget_class_bind_template_child (widget_class, DhTransferDialog, error_fix);
  gtk_widget_class_bind_template_child (widget_class, DhTransferDialog, error_detail);
  gtk_widget_class_bind_template_child (widget_class, DhTransferDialog, error_action);
  gtk_widget_class_bind_template_child (widget_class, DhTransferDialog, result_group);
  gtk_widget_class_bind_template_child (widget_class, DhTransferDialog, where_row);
  gtk_widget_class_bind_template_child (widget_class, DhTransferDialog, where_title);
  gtk_widget_class_bind_template_child (widget_class, DhTransferDialog, where_subtitle);
  gtk_widget_class_bind_template_child (widget_class, DhTransferDialog, view_button);
  gtk_widget_class_bind_template_child (widget_class, DhTransferDialog, digest_row);
  gtk_widget_class_bind_template_child (widget_class, DhTransferDialog, digest_label);
  gtk_widget_class_bind_template_child (widget_class, DhTransferDialog, digest_problem_row);
  gtk_widget_class_bind_template_child (widget_class, DhTransferDialog, command_group);
  gtk_widget_class_bind_template_child (widget_class, DhTransferDialog, command_row);
  gtk_widget_class_bind_template_child (widget_class, DhTransferDialog, copy_command_button);
  gtk_widget_class_bind_template_child (widget_class, DhTransferDialog, summary_scroller);
  gtk_widget_class_bind_template_child (widget_class, DhTransferDialog, layers_group);
  gtk_widget_class_bind_template_child (widget_class, DhTransferDialog, layer_scroller);
  gtk_widget_class_bind_template_child (widget_class, DhTransferDialog, layer_list);
  gtk_widget_class_bind_template_child (widget_class, DhTransferDialog, layers_placeholder);
  gtk_widget_class_bind_template_child (widget_class, DhTransferDialog, cancel_button);
  gtk_widget_class_bind_template_child (widget_class, DhTransferDialog, transcript_button);
  gtk_widget_class_bind_template_child (widget_class, DhTransferDialog, close_button);

  gtk_widget_class_install_action (widget_class, "transfer.start-pull", NULL, dh_transfer_dialog_start_pull_action);
  gtk_widget_class_install_action (widget_class, "transfer.cancel", NULL, dh_transfer_dialog_cancel_action);
  gtk_widget_class_install_action (widget_class, "transfer.error-action", NULL, dh_transfer_dialog_error_action);
  gtk_widget_class_install_action (widget_class, "transfer.retry", NULL, dh_transfer_dialog_retry_action);
  gtk_widget_class_install_action (widget_class, "transfer.retag", "s", dh_transfer_dialog_retag_action);
  gtk_widget_class_install_action (widget_class, "transfer.copy-text", "s", dh_transfer_dialog_copy_text_action);
  gtk_widget_class_install_action (widget_class, "transfer.copy-digest", NULL, dh_transfer_dialog_copy_digest_action);
  gtk_widget_class_install_action (widget_class, "transfer.view-online", NULL, dh_transfer_dialog_view_online_action);
  gtk_widget_class_install_action (widget_class, "transfer.show-transcript", NULL, dh_transfer_dialog_show_transcript_action);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);

  g_type_ensure (DH_TYPE_LAYER_LIST);
}

static void
dh_transfer_dialog_init (DhTransferDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  dh_frame_coalescer_init (&self->redraw, GTK_WIDGET (self), dh_transfer_dialog_frame);

  if ((self->settings = dh_settings_new ()))
    g_signal_connect_object (self->settings, "changed::show-command-equivalents",
                             G_CALLBACK (show_commands_changed_cb), self, G_CONNECT_SWAPPED);

  self->shown_state = (DhTransferState)-1;

  g_signal_connect_object (self->reference_row, "changed",
                           G_CALLBACK (reference_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->reference_row, "entry-activated",
                           G_CALLBACK (dh_transfer_dialog_start_pull), self, G_CONNECT_SWAPPED);
}

static DhTransferDialog *
dh_transfer_dialog_create (DhTransferManager *manager)
{
  DhTransferDialog *self = g_object_new (DH_TYPE_TRANSFER_DIALOG, NULL);

  g_set_object (&self->manager, manager);

  return self;
}

DhTransferDialog *
dh_transfer_dialog_new_push (DhTransferManager *manager,
                             const char        *reference)
{
  DhTransferDialog *self;

  g_return_val_if_fail (DH_IS_TRANSFER_MANAGER (manager), NULL);
  g_return_val_if_fail (reference != NULL, NULL);

  self = dh_transfer_dialog_create (manager);
  dh_transfer_dialog_set_transfer (self,
                                   dh_transfer_manager_start (manager, DH_TRANSFER_KIND_PUSH, reference));
  return self;
}

DhTransferDialog *
dh_transfer_dialog_new_pull (DhTransferManager *manager,
                             const char        *reference)
{
  DhTransferDialog *self;

  g_return_val_if_fail (DH_IS_TRANSFER_MANAGER (manager), NULL);

  self = dh_transfer_dialog_create (manager);
  self->kind = DH_TRANSFER_KIND_PULL;

  gtk_window_set_title (GTK_WINDOW (self), _("Pull"));
  adw_window_title_set_title (self->window_title, _("Pull Image"));
  gtk_stack_set_visible_child_name (self->stack, "form");
  gtk_widget_set_visible (GTK_WIDGET (self->cancel_button), FALSE);
  gtk_button_set_label (self->close_button, _("_Close"));
  gtk_widget_set_visible (GTK_WIDGET (self->command_group), FALSE);

  if (reference != NULL)
    gtk_editable_set_text (GTK_EDITABLE (self->reference_row), reference);

  reference_changed_cb (self);
  gtk_widget_grab_focus (GTK_WIDGET (self->reference_row));

  return self;
}

DhTransferDialog *
dh_transfer_dialog_new_for_transfer (DhTransferManager *manager,
                                     DhTransfer        *transfer)
{
  DhTransferDialog *self;

  g_return_val_if_fail (!manager || DH_IS_TRANSFER_MANAGER (manager), NULL);
  g_return_val_if_fail (DH_IS_TRANSFER (transfer), NULL);

  self = dh_transfer_dialog_create (manager);
  dh_transfer_dialog_set_transfer (self, transfer);
  return self;
}

void
dh_transfer_dialog_present_push (GtkWindow         *parent,
                                 DhTransferManager *manager,
                                 const char        *reference)
{
  DhTransferDialog *self = dh_transfer_dialog_new_push (manager, reference);

  gtk_window_set_transient_for (GTK_WINDOW (self), parent);
  gtk_window_present (GTK_WINDOW (self));
}

void
dh_transfer_dialog_present_pull (GtkWindow         *parent,
                                 DhTransferManager *manager,
                                 const char        *reference)
{
  DhTransferDialog *self = dh_transfer_dialog_new_pull (manager, reference);

  gtk_window_set_transient_for (GTK_WINDOW (self), parent);
  gtk_window_present (GTK_WINDOW (self));
}

DhTransfer *
dh_transfer_dialog_get_transfer (DhTransferDialog *self)
{
  g_return_val_if_fail (DH_IS_TRANSFER_DIALOG (self), NULL);

  return self->transfer;
}

void
dh_transfer_dialog_set_reference_text (DhTransferDialog *self,
                                       const char       *text)
{
  g_return_if_fail (DH_IS_TRANSFER_DIALOG (self));

  gtk_editable_set_text (GTK_EDITABLE (self->reference_row), text ? text : "");
}

const char *
dh_transfer_dialog_get_reference_error (DhTransferDialog *self)
{
  g_return_val_if_fail (DH_IS_TRANSFER_DIALOG (self), NULL);

  return self->reference_error;
}

gboolean
dh_transfer_dialog_start_pull (DhTransferDialog *self)
{
  g_autofree char *reference = NULL;

  g_return_val_if_fail (DH_IS_TRANSFER_DIALOG (self), FALSE);

  if (self->transfer != NULL || self->manager == NULL || self->reference_error != NULL)
    return FALSE;

  reference = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->reference_row))));
  if (*reference == '\0')
    return FALSE;

  dh_transfer_dialog_set_transfer (self,
                                   dh_transfer_manager_start (self->manager, DH_TRANSFER_KIND_PULL, reference));
  return TRUE;
}

const char *
dh_transfer_dialog_get_digest_text (DhTransferDialog *self)
{
  g_return_val_if_fail (DH_IS_TRANSFER_DIALOG (self), NULL);

  return self->digest_text;
}

const char *
dh_transfer_dialog_get_progress_text (DhTransferDialog *self)
{
  g_return_val_if_fail (DH_IS_TRANSFER_DIALOG (self), NULL);

  return self->progress_text;
}

const char *
dh_transfer_dialog_get_command_text (DhTransferDialog *self)
{
  g_return_val_if_fail (DH_IS_TRANSFER_DIALOG (self), NULL);

  return gtk_widget_get_visible (GTK_WIDGET (self->command_group)) ? self->command_text : NULL;
}

const DhErrorPresentation *
dh_transfer_dialog_get_error (DhTransferDialog *self)
{
  g_return_val_if_fail (DH_IS_TRANSFER_DIALOG (self), NULL);

  return self->error;
}

GtkListView *
dh_transfer_dialog_get_layer_view (DhTransferDialog *self)
{
  g_return_val_if_fail (DH_IS_TRANSFER_DIALOG (self), NULL);

  return dh_layer_list_get_view (self->layer_list);
}

guint
dh_transfer_dialog_get_n_layers_shown (DhTransferDialog *self)
{
  g_return_val_if_fail (DH_IS_TRANSFER_DIALOG (self), 0);

  return dh_layer_list_get_n_shown (self->layer_list);
}

GPtrArray *
dh_transfer_dialog_get_layer_rows (DhTransferDialog *self)
{
  g_return_val_if_fail (DH_IS_TRANSFER_DIALOG (self), NULL);

  return dh_layer_list_list_rows (self->layer_list);
}

guint
dh_transfer_dialog_get_n_updates (DhTransferDialog *self)
{
  g_return_val_if_fail (DH_IS_TRANSFER_DIALOG (self), 0);

  return self->n_updates;
}

GtkWindow *
dh_transfer_dialog_get_transcript_window (DhTransferDialog *self)
{
  g_return_val_if_fail (DH_IS_TRANSFER_DIALOG (self), NULL);

  return self->transcript_window;
}

char *
dh_transfer_dialog_dup_transcript_text (DhTransferDialog *self)
{
  GtkTextBuffer *buffer;
  GtkTextIter start;
  GtkTextIter end;

  g_return_val_if_fail (DH_IS_TRANSFER_DIALOG (self), NULL);

  if (self->transcript_window == NULL)
    return NULL;

  buffer = gtk_text_view_get_buffer (g_object_get_data (G_OBJECT (self->transcript_window), "text-view"));
  gtk_text_buffer_get_bounds (buffer, &start, &end);
  return gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
}
