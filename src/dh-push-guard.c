/* dh-push-guard.c
 *
 * Copyright 2026 The Dockhand Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "dh-push-guard"

#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>

#include "dh-app-session.h"
#include "dh-hub-session.h"
#include "dh-push-guard.h"

typedef struct
{
  GtkWindow         *parent;
  DhPushGuardFunc    proceed;
  gpointer           user_data;
  char              *reference;
  char              *namespace_;
  char              *name;
} PushGuard;

static void
push_guard_free (PushGuard *guard)
{
  g_clear_object (&guard->parent);
  g_free (guard->reference);
  g_free (guard->namespace_);
  g_free (guard->name);
  g_free (guard);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PushGuard, push_guard_free)

static void
push_now (PushGuard *guard)
{
  guard->proceed (guard->parent, guard->reference, guard->user_data);
}

static void
create_private_cb (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(PushGuard) guard = user_data;
  g_autoptr(DhRepository) repository = NULL;
  g_autoptr(GError) error = NULL;

  repository = dh_hub_client_create_repository_finish (DH_HUB_CLIENT (object), result, &error);

  if (repository == NULL)
    {
      g_autofree char *text = g_strdup_printf (_("Did not push: could not create %s/%s as private: %s"),
                                               guard->namespace_, guard->name, error->message);

      gtk_widget_activate_action (GTK_WIDGET (guard->parent), "win.toast", "s", text);
      return;
    }

  push_now (guard);
}

static PushGuard *
push_guard_copy (PushGuard *guard)
{
  PushGuard *copy = g_new0 (PushGuard, 1);

  copy->parent = guard->parent != NULL ? g_object_ref (guard->parent) : NULL;
  copy->proceed = guard->proceed;
  copy->user_data = guard->user_data;
  copy->reference = g_strdup (guard->reference);
  copy->namespace_ = g_strdup (guard->namespace_);
  copy->name = g_strdup (guard->name);

  return copy;
}

/* @user_data belongs to the dialog's handler (freed with it). */
static void
response_cb (AdwMessageDialog *dialog,
             const char       *response,
             gpointer          user_data)
{
  PushGuard *guard = user_data;
  DhHubSession *session = dh_session_get_hub_session (dh_app_session ());

  if (g_strcmp0 (response, "public") == 0)
    push_now (guard);
  else if (g_strcmp0 (response, "private") == 0 && session != NULL)
    {
      PushGuard *copy = push_guard_copy (guard);

      dh_hub_client_create_repository_async (dh_hub_session_get_client (session),
                                             copy->namespace_, copy->name, NULL, TRUE,
                                             NULL, create_private_cb, copy);
    }
}

static void
check_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(PushGuard) guard = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *heading = NULL;
  g_autofree char *body = NULL;
  AdwMessageDialog *dialog;
  DhPushTarget target;

  target = dh_hub_session_check_push_target_finish (DH_HUB_SESSION (object), result,
                                                    &guard->namespace_, &guard->name, &error);

  /* Only a repository known to be missing is worth a question; when the
   * Hub cannot say, the push itself will tell. */
  if (error != NULL || target != DH_PUSH_TARGET_MISSING)
    {
      if (error != NULL)
        g_debug ("Push target not checked: %s", error->message);
      push_now (guard);
      return;
    }

  heading = g_strdup_printf (_("Create %s/%s as Public?"), guard->namespace_, guard->name);
  body = g_strdup_printf (_("This repository does not exist on Docker Hub yet; pushing will "
                            "create it as PUBLIC, so anyone can pull %s. Create it as private "
                            "first to keep it to yourself."),
                          guard->reference);

  dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (guard->parent, heading, body));
  adw_message_dialog_add_responses (dialog,
                                    "cancel", _("_Cancel"),
                                    "private", _("Create as _Private First"),
                                    "public", _("Push as P_ublic"),
                                    NULL);
  adw_message_dialog_set_response_appearance (dialog, "private", ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (dialog, "private");
  adw_message_dialog_set_close_response (dialog, "cancel");
  g_signal_connect_data (dialog, "response", G_CALLBACK (response_cb), g_steal_pointer (&guard),
                         (GClosureNotify)(void (*) (void))push_guard_free, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

void
dh_push_guard_check (GtkWindow       *parent,
                     const char      *reference,
                     DhPushGuardFunc  proceed,
                     gpointer         user_data)
{
  DhHubSession *session = dh_session_get_hub_session (dh_app_session ());
  PushGuard *guard;

  g_return_if_fail (!parent || GTK_IS_WINDOW (parent));
  g_return_if_fail (reference != NULL);
  g_return_if_fail (proceed != NULL);

  guard = g_new0 (PushGuard, 1);
  guard->parent = parent != NULL ? g_object_ref (parent) : NULL;
  guard->proceed = proceed;
  guard->user_data = user_data;
  guard->reference = g_strdup (reference);

  if (session == NULL || dh_hub_session_get_state (session) != DH_HUB_SESSION_LOGGED_IN)
    {
      push_now (guard);
      push_guard_free (guard);
      return;
    }

  dh_hub_session_check_push_target_async (session, reference, NULL, check_cb, guard);
}
