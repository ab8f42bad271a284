/* dh-transfers-page.c
 *
 * Copyright 2026 The Dockhand Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "dh-transfers-page"

#include "config.h"

#include <glib/gi18n.h>

#include "dh-engine-gate.h"
#include "dh-navigate.h"
#include "dh-transfer-row.h"
#include "dh-transfers-page.h"

struct _DhTransfersPage
{
  GtkWidget          parent_instance;

  DhTransferManager *manager;

  /* Template widgets */
  GtkStack          *stack;
  GtkListBox        *list;
  GtkButton         *empty_pull_button;
  GtkButton         *pull_button;
};

enum {
  PROP_0,
  PROP_MANAGER,
  N_PROPS
};

G_DEFINE_FINAL_TYPE (DhTransfersPage, dh_transfers_page, GTK_TYPE_WIDGET)

static GParamSpec *properties[N_PROPS];

static void
dh_transfers_page_update_state (DhTransfersPage *self)
{
  guint n = self->manager != NULL ? g_list_model_get_n_items (G_LIST_MODEL (self->manager)) : 0;

  gtk_stack_set_visible_child_name (self->stack, n > 0 ? "transfers" : "empty");
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "transfers.pull",
                                 self->manager != NULL && dh_engine_gate_is_open (dh_engine_gate_session ()));
}

static GtkWidget *
create_row (gpointer item,
            gpointer user_data)
{
  DhTransfersPage *self = user_data;

  return dh_transfer_row_new (self->manager, DH_TRANSFER (item));
}

static void
dh_transfers_page_pull_action (GtkWidget  *widget,
                               const char *action_name,
                               GVariant   *param)
{
  DhTransfersPage *self = DH_TRANSFERS_PAGE (widget);

  if (self->manager == NULL)
    return;

  dh_navigate (widget, "app.pull", g_variant_new_string (""));
}

static void
dh_transfers_page_dispose (GObject *object)
{
  DhTransfersPage *self = (DhTransfersPage *)object;

  if (self->manager != NULL)
    g_signal_handlers_disconnect_by_data (self->manager, self);

  gtk_widget_dispose_template (GTK_WIDGET (self), DH_TYPE_TRANSFERS_PAGE);

  g_clear_object (&self->manager);

  G_OBJECT_CLASS (dh_transfers_page_parent_class)->dispose (object);
}

static void
dh_transfers_page_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  DhTransfersPage *self = DH_TRANSFERS_PAGE (object);

  switch (prop_id)
    {
    case PROP_MANAGER:
      g_value_set_object (value, self->manager);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
dh_transfers_page_set_property (GObject      *object,
                                guint         prop_id,
                                const GValue *value,
                                GParamSpec   *pspec)
{
  DhTransfersPage *self = DH_TRANSFERS_PAGE (object);

  switch (prop_id)
    {
    case PROP_MANAGER:
      dh_transfers_page_set_manager (self, g_value_get_object (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
dh_transfers_page_class_init (DhTransfersPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = dh_transfers_page_dispose;
  object_class->get_property = dh_transfers_page_get_property;
  object_class->set_property = dh_transfers_page_set_property;

  properties[PROP_MANAGER] =
    g_param_spec_object ("manager", NULL, NULL,
                         DH_TYPE_TRANSFER_MANAGER,
                         (G_PARAM_READWRITE |
                          G_PARAM_EXPLICIT_NOTIFY |
                          G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/dockhand/Dockhand/dh-transfers-page.ui");
  gtk_widget_class_bind_template_child (widget_class, DhTransfersPage, stack);
  gtk_widget_class_bind_template_child (widget_class, DhTransfersPage, list);
  gtk_widget_class_bind_template_child (widget_class, DhTransfersPage, empty_pull_button);
  gtk_widget_class_bind_template_child (widget_class, DhTransfersPage, pull_button);

  gtk_widget_class_install_action (widget_class, "transfers.pull", NULL, dh_transfers_page_pull_action);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
}

static void
dh_transfers_page_init (DhTransfersPage *self)
{
  DhSession *session = dh_engine_gate_session ();

  gtk_widget_init_template (GTK_WIDGET (self));

  /* A pull needs the engine: off while it is away, and the buttons say why. */
  if (session != NULL)
    g_signal_connect_object (session, "notify::engine-state",
                             G_CALLBACK (dh_transfers_page_update_state), self, G_CONNECT_SWAPPED);
  dh_engine_gate_tooltip (GTK_WIDGET (self->empty_pull_button), DH_ENGINE_GATE_PULL);
  dh_engine_gate_tooltip (GTK_WIDGET (self->pull_button), DH_ENGINE_GATE_PULL);

  dh_transfers_page_update_state (self);
}

GtkWidget *
dh_transfers_page_new (DhTransferManager *manager)
{
  g_return_val_if_fail (!manager || DH_IS_TRANSFER_MANAGER (manager), NULL);

  return g_object_new (DH_TYPE_TRANSFERS_PAGE,
                       "manager", manager,
                       NULL);
}

DhTransferManager *
dh_transfers_page_get_manager (DhTransfersPage *self)
{
  g_return_val_if_fail (DH_IS_TRANSFERS_PAGE (self), NULL);

  return self->manager;
}

void
dh_transfers_page_set_manager (DhTransfersPage   *self,
                               DhTransferManager *manager)
{
  g_return_if_fail (DH_IS_TRANSFERS_PAGE (self));
  g_return_if_fail (!manager || DH_IS_TRANSFER_MANAGER (manager));

  if (self->manager == manager)
    return;

  if (self->manager != NULL)
    g_signal_handlers_disconnect_by_data (self->manager, self);

  g_set_object (&self->manager, manager);

  if (manager != NULL)
    {
      gtk_list_box_bind_model (self->list, G_LIST_MODEL (manager), create_row, self, NULL);
      g_signal_connect_swapped (manager, "items-changed",
                                G_CALLBACK (dh_transfers_page_update_state), self);
    }
  else
    gtk_list_box_bind_model (self->list, NULL, NULL, NULL, NULL);

  dh_transfers_page_update_state (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MANAGER]);
}

GtkListBox *
dh_transfers_page_get_list (DhTransfersPage *self)
{
  g_return_val_if_fail (DH_IS_TRANSFERS_PAGE (self), NULL);

  return self->list;
}

const char *
dh_transfers_page_get_state (DhTransfersPage *self)
{
  g_return_val_if_fail (DH_IS_TRANSFERS_PAGE (self), NULL);

  return gtk_stack_get_visible_child_name (self->stack);
}
