/* dh-transfer-row.c
 *
 * Copyright 2026 The Dockhand Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "dh-transfer-row"

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "dh-frame-coalescer.h"
#include "dh-layer-list.h"
#include "dh-navigate.h"
#include "dh-reference.h"
#include "dh-tooltip.h"
#include "dh-transfer-describe.h"
#include "dh-transfer-row.h"

struct _DhTransferRow
{
  AdwExpanderRow     parent_instance;

  DhTransferManager *manager;
  DhTransfer        *transfer;
  char              *status_text;
  GtkProgressBar    *bar;
  GtkWidget         *cancel_button;
  GtkWidget         *retry_button;
  GtkImage          *state_icon;
  /* Made when the row is first expanded; owned by the expander. */
  DhLayerList       *layer_list;
  DhFrameCoalescer   redraw;
};

G_DEFINE_FINAL_TYPE (DhTransferRow, dh_transfer_row, ADW_TYPE_EXPANDER_ROW)

static char *
describe_status (DhTransferRow *self)
{
  g_autofree char *progress = dh_transfer_describe_progress (self->transfer);
  const char *error = dh_transfer_get_error_message (self->transfer);

  if (dh_transfer_get_state (self->transfer) == DH_TRANSFER_STATE_FAILED && error != NULL)
    {
      /* The first line says what happened and what to do. */
      g_autofree char *first = g_strdup (error);
      char *newline = strchr (first, '\n');

      if (newline != NULL)
        *newline = '\0';
      return g_steal_pointer (&first);
    }

  return g_steal_pointer (&progress);
}

static void
dh_transfer_row_sync (DhTransferRow *self)
{
  g_autofree char *status = describe_status (self);
  DhTransferState state = dh_transfer_get_state (self->transfer);
  gboolean running = state == DH_TRANSFER_STATE_RUNNING;
  double fraction = dh_transfer_get_fraction (self->transfer);
  const char *icon;

  if (g_strcmp0 (status, self->status_text) != 0)
    {
      g_autofree char *escaped = g_markup_escape_text (status, -1);

      g_free (self->status_text);
      self->status_text = g_steal_pointer (&status);
      adw_expander_row_set_subtitle (ADW_EXPANDER_ROW (self), escaped);
    }

  if (gtk_progress_bar_get_fraction (self->bar) != fraction)
    gtk_progress_bar_set_fraction (self->bar, fraction);

  gtk_widget_set_visible (GTK_WIDGET (self->bar), running);
  gtk_widget_set_visible (self->cancel_button, running && self->manager != NULL);
  gtk_widget_set_visible (self->retry_button, !running && state != DH_TRANSFER_STATE_SUCCEEDED &&
                                              self->manager != NULL);

  switch (state)
    {
    case DH_TRANSFER_STATE_SUCCEEDED:
      icon = "object-select-symbolic";
      break;
    case DH_TRANSFER_STATE_FAILED:
      icon = "dialog-warning-symbolic";
      break;
    case DH_TRANSFER_STATE_CANCELLED:
      icon = "process-stop-symbolic";
      break;
    case DH_TRANSFER_STATE_RUNNING:
    default:
      icon = dh_transfer_get_kind (self->transfer) == DH_TRANSFER_KIND_PUSH
             ? "go-up-symbolic" : "go-down-symbolic";
      break;
    }
  gtk_image_set_from_icon_name (self->state_icon, icon);
}

static gboolean
dh_transfer_row_frame (GtkWidget *widget)
{
  dh_transfer_row_sync (DH_TRANSFER_ROW (widget));

  return FALSE;
}

static void
transfer_notify_cb (DhTransferRow *self)
{
  dh_frame_coalescer_queue (&self->redraw);
}

/* Layer rows cost nothing until someone looks at them. Expanding a
 * transfer of fifty layers would make fifty rows in one frame: the list
 * reveals them a few per frame instead. */
static void
expanded_cb (DhTransferRow *self)
{
  GtkWidget *list_row;

  if (self->layer_list != NULL || !adw_expander_row_get_expanded (ADW_EXPANDER_ROW (self)))
    return;

  self->layer_list = DH_LAYER_LIST (dh_layer_list_new ());
  dh_layer_list_set_rows_per_frame (self->layer_list, 4);
  dh_layer_list_set_transfer (self->layer_list, self->transfer);
  /* A layer is something to read, not to activate or select. */
  list_row = g_object_new (GTK_TYPE_LIST_BOX_ROW,
                           "activatable", FALSE,
                           "selectable", FALSE,
                           "child", self->layer_list,
                           NULL);
  gtk_widget_add_css_class (list_row, "layer-list-row");
  adw_expander_row_add_row (ADW_EXPANDER_ROW (self), list_row);
}

static void
dh_transfer_row_cancel_action (GtkWidget  *widget,
                               const char *action_name,
                               GVariant   *param)
{
  DhTransferRow *self = DH_TRANSFER_ROW (widget);

  if (self->manager != NULL)
    dh_transfer_manager_cancel (self->manager, self->transfer);
}

static void
dh_transfer_row_retry_action (GtkWidget  *widget,
                              const char *action_name,
                              GVariant   *param)
{
  DhTransferRow *self = DH_TRANSFER_ROW (widget);

  /* The new transfer gets its own row at the top. */
  if (self->manager != NULL)
    dh_transfer_manager_retry (self->manager, self->transfer);
}

static void
dh_transfer_row_details_action (GtkWidget  *widget,
                                const char *action_name,
                                GVariant   *param)
{
  DhTransferRow *self = DH_TRANSFER_ROW (widget);
  guint position;

  if (self->manager == NULL)
    return;

  for (position = 0; position < g_list_model_get_n_items (G_LIST_MODEL (self->manager)); position++)
    {
      g_autoptr(DhTransfer) item = g_list_model_get_item (G_LIST_MODEL (self->manager), position);

      if (item == self->transfer)
        {
          dh_navigate (widget, "win.show-transfer", g_variant_new_uint32 (position));
          return;
        }
    }
}

static void
dh_transfer_row_dispose (GObject *object)
{
  DhTransferRow *self = (DhTransferRow *)object;

  dh_frame_coalescer_clear (&self->redraw);

  if (self->transfer != NULL)
    g_signal_handlers_disconnect_by_data (self->transfer, self);

  g_clear_object (&self->transfer);
  g_clear_object (&self->manager);

  G_OBJECT_CLASS (dh_transfer_row_parent_class)->dispose (object);
}

static void
dh_transfer_row_finalize (GObject *object)
{
  DhTransferRow *self = (DhTransferRow *)object;

  g_clear_pointer (&self->status_text, g_free);

  G_OBJECT_CLASS (dh_transfer_row_parent_class)->finalize (object);
}

static void
dh_transfer_row_class_init (DhTransferRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = dh_transfer_row_dispose;
  object_class->finalize = dh_transfer_row_finalize;

  gtk_widget_class_install_action (widget_class, "row.cancel", NULL, dh_transfer_row_cancel_action);
  gtk_widget_class_install_action (widget_class, "row.retry", NULL, dh_transfer_row_retry_action);
  gtk_widget_class_install_action (widget_class, "row.details", NULL, dh_transfer_row_details_action);
}

static GtkWidget *
icon_button (const char *icon_name,
             const char *tooltip,
             const char *action_name)
{
  GtkWidget *button = gtk_button_new_from_icon_name (icon_name);

  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  dh_tooltip_set_text (button, tooltip);
  gtk_actionable_set_action_name (GTK_ACTIONABLE (button), action_name);
  gtk_widget_add_css_class (button, "flat");
  gtk_accessible_update_property (GTK_ACCESSIBLE (button),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, tooltip,
                                  -1);

  return button;
}

static void
dh_transfer_row_init (DhTransferRow *self)
{
  dh_frame_coalescer_init (&self->redraw, GTK_WIDGET (self), dh_transfer_row_frame);
  self->state_icon = GTK_IMAGE (gtk_image_new ());
  adw_expander_row_add_prefix (ADW_EXPANDER_ROW (self), GTK_WIDGET (self->state_icon));

  self->bar = GTK_PROGRESS_BAR (gtk_progress_bar_new ());
  gtk_widget_set_valign (GTK_WIDGET (self->bar), GTK_ALIGN_CENTER);
  gtk_widget_set_size_request (GTK_WIDGET (self->bar), 120, -1);
  adw_expander_row_add_action (ADW_EXPANDER_ROW (self), GTK_WIDGET (self->bar));

  self->cancel_button = icon_button ("process-stop-symbolic", _("Cancel"), "row.cancel");
  adw_expander_row_add_action (ADW_EXPANDER_ROW (self), self->cancel_button);

  self->retry_button = icon_button ("view-refresh-symbolic", _("Try Again"), "row.retry");
  adw_expander_row_add_action (ADW_EXPANDER_ROW (self), self->retry_button);

  adw_expander_row_add_action (ADW_EXPANDER_ROW (self),
                               icon_button ("view-more-horizontal-symbolic", _("Details"), "row.details"));


  g_signal_connect (self, "notify::expanded", G_CALLBACK (expanded_cb), NULL);
}

GtkWidget *
dh_transfer_row_new (DhTransferManager *manager,
                     DhTransfer        *transfer)
{
  DhTransferRow *self;
  g_autoptr(DhReference) parsed = NULL;
  g_autofree char *name = NULL;
  g_autofree char *title = NULL;
  g_autofree char *escaped = NULL;
  gboolean push;

  g_return_val_if_fail (!manager || DH_IS_TRANSFER_MANAGER (manager), NULL);
  g_return_val_if_fail (DH_IS_TRANSFER (transfer), NULL);

  self = g_object_new (DH_TYPE_TRANSFER_ROW, NULL);
  g_set_object (&self->manager, manager);
  self->transfer = g_object_ref (transfer);

  push = dh_transfer_get_kind (transfer) == DH_TRANSFER_KIND_PUSH;
  parsed = dh_reference_parse (dh_transfer_get_reference (transfer), NULL);
  name = parsed != NULL ? dh_reference_to_familiar_string (parsed)
                        : g_strdup (dh_transfer_get_reference (transfer));
  /* Translators: "Push alice/app:1.0" / "Pull alpine:3" */
  title = g_strdup_printf (push ? _("Push %s") : _("Pull %s"), name);
  escaped = g_markup_escape_text (title, -1);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self), escaped);

  g_signal_connect_swapped (transfer, "notify", G_CALLBACK (transfer_notify_cb), self);

  dh_transfer_row_sync (self);

  return GTK_WIDGET (self);
}

DhTransfer *
dh_transfer_row_get_transfer (DhTransferRow *self)
{
  g_return_val_if_fail (DH_IS_TRANSFER_ROW (self), NULL);

  return self->transfer;
}

const char *
dh_transfer_row_get_status_text (DhTransferRow *self)
{
  g_return_val_if_fail (DH_IS_TRANSFER_ROW (self), NULL);

  return self->status_text;
}

guint
dh_transfer_row_get_n_layer_rows (DhTransferRow *self)
{
  g_return_val_if_fail (DH_IS_TRANSFER_ROW (self), 0);

  return self->layer_list != NULL ? dh_layer_list_get_n_shown (self->layer_list) : 0;
}
