/* dh-rate-limit-line.c
 *
 * Copyright 2026 The Dockhand Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "dh-rate-limit-line"

#include "config.h"

#include <glib/gi18n.h>

#include "dh-app-session.h"
#include "dh-error.h"
#include "dh-hub-session.h"
#include "dh-rate-limit-line.h"

struct _DhRateLimitLine
{
  GtkWidget     parent_instance;

  GCancellable *cancellable;
  GtkLabel     *label;
  GtkWidget    *watched;     /* the popover (or window) it is in */
  char         *text;
};

G_DEFINE_FINAL_TYPE (DhRateLimitLine, dh_rate_limit_line, GTK_TYPE_WIDGET)

static void
dh_rate_limit_line_set_text (DhRateLimitLine *self,
                             const char      *text)
{
  g_free (self->text);
  self->text = g_strdup (text);

  gtk_label_set_text (self->label, text != NULL ? text : "");
  gtk_widget_set_visible (GTK_WIDGET (self), text != NULL);
}

static void
rate_limit_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  DhHubSession *session = DH_HUB_SESSION (object);
  g_autoptr(DhRateLimitLine) self = user_data;
  g_autoptr(DhPullRateLimit) limit = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;

  limit = dh_hub_session_get_pull_rate_limit_finish (session, result, &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) ||
      g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  if (limit == NULL)
    {
      /* Not known: say nothing rather than something vague. */
      g_debug ("Pull rate limit unknown: %s", error->message);
      dh_rate_limit_line_set_text (self, NULL);
      return;
    }

  text = dh_hub_session_describe_pull_rate_limit (limit);
  dh_rate_limit_line_set_text (self, text);
}

static void
dh_rate_limit_line_query (DhRateLimitLine *self)
{
  DhHubSession *session = dh_session_get_hub_session (dh_app_session ());

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);

  if (session == NULL)
    return;

  self->cancellable = g_cancellable_new ();
  dh_hub_session_get_pull_rate_limit_async (session, self->cancellable,
                                            rate_limit_cb, g_object_ref (self));
}

/* Asked when the menu that holds the line opens: the line itself is
 * hidden (so never mapped) while the limit is unknown. */
static void
dh_rate_limit_line_root (GtkWidget *widget)
{
  DhRateLimitLine *self = (DhRateLimitLine *)widget;
  GtkWidget *popover;

  GTK_WIDGET_CLASS (dh_rate_limit_line_parent_class)->root (widget);

  popover = gtk_widget_get_ancestor (widget, GTK_TYPE_POPOVER);
  if (popover == NULL)
    popover = GTK_WIDGET (gtk_widget_get_root (widget));

  g_signal_connect_object (popover, "map", G_CALLBACK (dh_rate_limit_line_query),
                           self, G_CONNECT_SWAPPED);
  self->watched = popover;
}

static void
dh_rate_limit_line_unroot (GtkWidget *widget)
{
  DhRateLimitLine *self = (DhRateLimitLine *)widget;

  g_cancellable_cancel (self->cancellable);
  if (self->watched != NULL)
    g_signal_handlers_disconnect_by_data (self->watched, self);
  self->watched = NULL;

  GTK_WIDGET_CLASS (dh_rate_limit_line_parent_class)->unroot (widget);
}

static void
dh_rate_limit_line_dispose (GObject *object)
{
  DhRateLimitLine *self = (DhRateLimitLine *)object;

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  if (self->label != NULL)
    gtk_widget_unparent (GTK_WIDGET (g_steal_pointer (&self->label)));
  g_clear_pointer (&self->text, g_free);

  G_OBJECT_CLASS (dh_rate_limit_line_parent_class)->dispose (object);
}

static void
dh_rate_limit_line_class_init (DhRateLimitLineClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = dh_rate_limit_line_dispose;

  widget_class->root = dh_rate_limit_line_root;
  widget_class->unroot = dh_rate_limit_line_unroot;

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "dh-rate-limit-line");
}

static void
dh_rate_limit_line_init (DhRateLimitLine *self)
{
  self->label = GTK_LABEL (gtk_label_new (NULL));
  gtk_label_set_xalign (self->label, 0.0);
  gtk_label_set_wrap (self->label, TRUE);
  gtk_widget_add_css_class (GTK_WIDGET (self->label), "dim-label");
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->label),
                               _("Docker Hub limits how many images can be pulled in a time "
                                 "window; logged-in accounts get more. Checking does not count "
                                 "as a pull."));
  gtk_widget_set_visible (GTK_WIDGET (self), FALSE);
  gtk_widget_set_parent (GTK_WIDGET (self->label), GTK_WIDGET (self));
}

GtkWidget *
dh_rate_limit_line_new (void)
{
  return g_object_new (DH_TYPE_RATE_LIMIT_LINE, NULL);
}

const char *
dh_rate_limit_line_get_text (DhRateLimitLine *self)
{
  g_return_val_if_fail (DH_IS_RATE_LIMIT_LINE (self), NULL);

  return self->text;
}
