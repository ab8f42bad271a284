/* dh-publish-dialog.c
 *
 * Copyright 2026 The Dockhand Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "dh-publish-dialog"

#include "config.h"

#include <glib/gi18n.h>

#include "dh-credential.h"
#include "dh-error.h"
#include "dh-format.h"
#include "dh-frame-coalescer.h"
#include "dh-layer-list.h"
#include "dh-navigate.h"
#include "dh-naming.h"
#include "dh-publish-dialog.h"
#include "dh-reference.h"
#include "dh-registry-client.h"
#include "dh-transfer-describe.h"

struct _DhPublishDialog
{
  AdwWindow             parent_instance;

  /* Owned references */
  DhSession            *session;
  DhImage              *image;
  GCancellable         *cancellable;
  GCancellable         *step_cancellable;
  DhTransfer           *transfer;         /* the push of the name */
  DhTransfer           *latest_transfer;  /* and of NAME:latest */
  DhFrameCoalescer      redraw;

  DhPublishDestination  destination;
  char                 *source;           /* what the image is called now */
  char                 *target;
  char                 *prefilled_for;    /* the registry the Name step was filled for */
  char                 *command;
  char                 *error;
  char                 *pushed_digest;
  char                 *checked_digest;
  char                 *share_line;
  DhPushTarget          hub_target;
  gboolean              busy;
  gboolean              pushed;
  guint                 tag_stage;        /* 0: the name, 1: latest, 2: pushing */

  /* Template widgets */
  AdwToastOverlay      *toasts;
  AdwWindowTitle       *window_title;
  GtkButton            *back_button;
  GtkButton            *next_button;
  GtkStack             *stack;
  GtkCheckButton       *hub_check;
  GtkCheckButton       *registry_check;
  GtkCheckButton       *practice_check;
  AdwActionRow         *hub_row;
  GtkButton            *hub_login_button;
  AdwEntryRow          *registry_row;
  AdwActionRow         *practice_row;
  GtkLabel             *where_advice;
  GtkLabel             *where_error;
  GtkLabel             *where_command;
  AdwEntryRow          *namespace_row;
  AdwEntryRow          *repository_row;
  AdwEntryRow          *tag_row;
  GtkSwitch            *latest_switch;
  GtkLabel             *name_error;
  GtkLabel             *full_name_label;
  GtkLabel             *tag_advice;
  GtkLabel             *name_command;
  GtkCheckButton       *public_check;
  GtkCheckButton       *private_check;
  AdwPreferencesGroup  *visibility_group;
  GtkLabel             *visibility_label;
  GtkLabel             *visibility_error;
  GtkLabel             *visibility_command;
  GtkLabel             *push_state;
  GtkProgressBar       *push_bar;
  GtkLabel             *push_progress;
  GtkLabel             *push_error;
  DhLayerList          *layer_list;
  GtkLabel             *push_command;
  GtkSpinner           *check_spinner;
  GtkLabel             *check_state;
  GtkLabel             *check_error;
  AdwPreferencesGroup  *check_group;
  AdwActionRow         *check_tag_row;
  AdwActionRow         *check_digest_row;
  AdwActionRow         *check_size_row;
  AdwActionRow         *check_platforms_row;
  AdwActionRow         *check_pushed_row;
  AdwPreferencesGroup  *share_group;
  AdwActionRow         *share_row;
  AdwActionRow         *web_row;
  GtkLabel             *check_command;
};

G_DEFINE_FINAL_TYPE (DhPublishDialog, dh_publish_dialog, ADW_TYPE_WINDOW)

/* A command in its label, broken over lines only between its words. */
static void
set_command_label (GtkLabel   *label,
                   const char *command)
{
  PangoAttrList *attrs = dh_format_command_attributes (command);

  gtk_label_set_text (label, command != NULL ? command : "");
  gtk_label_set_attributes (label, attrs);
  pango_attr_list_unref (attrs);
}

static const char * const steps[] = { "where", "name", "visibility", "push", "check" };

static void dh_publish_dialog_update (DhPublishDialog *self);
static void dh_publish_dialog_go (DhPublishDialog *self, const char *step);

static DhEngineKind
engine_kind (DhPublishDialog *self)
{
  DhEngine *engine = dh_session_get_engine (self->session);

  return engine != NULL ? dh_engine_get_kind (engine) : DH_ENGINE_KIND_DOCKER;
}

static const char *
current_step (DhPublishDialog *self)
{
  return gtk_stack_get_visible_child_name (self->stack);
}

static gboolean
on_step (DhPublishDialog *self,
         const char      *step)
{
  return g_strcmp0 (current_step (self), step) == 0;
}

static gboolean
is_cancelled (const GError *error)
{
  return g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
}

static void
set_text (char       **field,
          const char  *value)
{
  if (g_strcmp0 (*field, value) == 0)
    return;
  g_free (*field);
  *field = g_strdup (value);
}

/* The steps a destination goes through: Visibility is Docker Hub's. */
static gboolean
step_applies (DhPublishDialog *self,
              const char      *step)
{
  return !g_str_equal (step, "visibility") || self->destination == DH_PUBLISH_TO_DOCKER_HUB;
}

static guint
step_index (const char *step)
{
  for (guint i = 0; i < G_N_ELEMENTS (steps); i++)
    if (g_strcmp0 (steps[i], step) == 0)
      return i;
  return 0;
}

static const char *
neighbour_step (DhPublishDialog *self,
                int              direction)
{
  int i = (int)step_index (current_step (self)) + direction;

  for (; i >= 0 && i < (int)G_N_ELEMENTS (steps); i += direction)
    if (step_applies (self, steps[i]))
      return steps[i];

  return NULL;
}

/* Each step's message of trouble sits on that step. */
static GtkLabel *
error_label (DhPublishDialog *self,
             const char      *step)
{
  if (g_strcmp0 (step, "where") == 0)
    return self->where_error;
  if (g_strcmp0 (step, "name") == 0)
    return self->name_error;
  if (g_strcmp0 (step, "visibility") == 0)
    return self->visibility_error;
  if (g_strcmp0 (step, "push") == 0)
    return self->push_error;
  return self->check_error;
}

static void
show_error (DhPublishDialog *self,
            const char      *message)
{
  GtkLabel *label = error_label (self, current_step (self));

  set_text (&self->error, message);
  gtk_label_set_text (label, message != NULL ? message : "");
  gtk_widget_set_visible (GTK_WIDGET (label), message != NULL);
}

static void
set_busy (DhPublishDialog *self,
          gboolean         busy)
{
  self->busy = busy;
  dh_publish_dialog_update (self);
}

static void
restart_step (DhPublishDialog *self)
{
  g_cancellable_cancel (self->step_cancellable);
  g_clear_object (&self->step_cancellable);
  self->step_cancellable = g_cancellable_new ();
}

/* The registry's domain, as names spell it ("docker.io", "ghcr.io",
 * "127.0.0.1:5000"); NULL when the Where step has none yet. */
static char *
dup_domain (DhPublishDialog *self)
{
  DhPracticeRegistry *practice = dh_session_get_practice_registry (self->session);

  switch (self->destination)
    {
    case DH_PUBLISH_TO_DOCKER_HUB:
      return g_strdup ("docker.io");

    case DH_PUBLISH_TO_REGISTRY:
      {
        g_autofree char *text = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->registry_row))));

        return *text != '\0' ? dh_naming_domain_for_server (text) : NULL;
      }

    case DH_PUBLISH_TO_PRACTICE:
    default:
      return g_strdup (dh_practice_registry_get_address (practice));
    }
}

/* ------------------------------------------------------------------ */
/* Where                                                               */

static gboolean
hub_logged_in (DhPublishDialog *self)
{
  DhHubSession *hub = dh_session_get_hub_session (self->session);

  return hub != NULL && dh_hub_session_get_state (hub) == DH_HUB_SESSION_LOGGED_IN;
}

static void
update_where (DhPublishDialog *self)
{
  DhPracticeRegistry *practice = dh_session_get_practice_registry (self->session);
  DhHubSession *hub = dh_session_get_hub_session (self->session);
  g_autofree char *hub_subtitle = NULL;
  g_autofree char *practice_subtitle = NULL;
  g_autofree char *domain = dup_domain (self);
  const char *advice = NULL;

  if (hub_logged_in (self))
    hub_subtitle = g_strdup_printf (_("The registry most tutorials use. Logged in as %s."),
                                    dh_hub_session_get_username (hub));
  else
    hub_subtitle = g_strdup (_("The registry most tutorials use; needs a free Docker Hub account."));
  adw_action_row_set_subtitle (self->hub_row, hub_subtitle);
  gtk_widget_set_visible (GTK_WIDGET (self->hub_login_button), !hub_logged_in (self));

  if (self->busy && dh_practice_registry_get_pull_transfer (practice) != NULL)
    practice_subtitle = g_strdup (_("Downloading the registry’s image first; this happens once."));
  else if (dh_practice_registry_get_running (practice))
    practice_subtitle = g_strdup_printf (_("On this computer, no account: practise safely. "
                                           "Running on %s."),
                                         dh_practice_registry_get_address (practice));
  else
    practice_subtitle = g_strdup (_("On this computer, no account: practise safely. Dockhand "
                                    "starts it when you go on."));
  adw_action_row_set_subtitle (self->practice_row, practice_subtitle);

  gtk_widget_set_sensitive (GTK_WIDGET (self->registry_row),
                            self->destination == DH_PUBLISH_TO_REGISTRY);

  switch (self->destination)
    {
    case DH_PUBLISH_TO_DOCKER_HUB:
      advice = hub_logged_in (self)
               ? _("Anyone can pull a public Docker Hub repository; the next steps let you make "
                   "it private instead.")
               : _("Log in first. If your account uses two-factor authentication, log in with a "
                   "personal access token (app.docker.com → Account settings → Personal access "
                   "tokens) instead of your password: tokens can be limited and revoked.");
      break;

    case DH_PUBLISH_TO_REGISTRY:
      advice = _("Registries that ask for an account need a login first (the accounts button in "
                 "the main window, or “docker login”).");
      break;

    case DH_PUBLISH_TO_PRACTICE:
    default:
      advice = _("The practice registry is yours alone: nothing leaves this computer, and what "
                 "you push there is kept for next time.");
      break;
    }
  gtk_label_set_text (self->where_advice, advice);

  g_free (self->command);
  {
    g_autofree char *storage =
      dh_practice_registry_dup_storage_dir (dh_session_get_practice_registry (self->session));

    self->command = dh_publish_describe_where (engine_kind (self), self->destination, domain, storage);
  }
  set_command_label (self->where_command, self->command);
}

static void
destination_toggled_cb (DhPublishDialog *self)
{
  if (gtk_check_button_get_active (self->hub_check))
    self->destination = DH_PUBLISH_TO_DOCKER_HUB;
  else if (gtk_check_button_get_active (self->registry_check))
    self->destination = DH_PUBLISH_TO_REGISTRY;
  else
    self->destination = DH_PUBLISH_TO_PRACTICE;

  if (on_step (self, "where"))
    show_error (self, NULL);
  dh_publish_dialog_update (self);
}

static void
practice_started_cb (GObject      *object,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  g_autoptr(DhPublishDialog) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!dh_session_start_practice_registry_finish (DH_SESSION (object), result, &error))
    {
      if (is_cancelled (error))
        return;
      set_busy (self, FALSE);
      show_error (self, error->message);
      return;
    }

  set_busy (self, FALSE);
  if (on_step (self, "where"))
    dh_publish_dialog_go (self, "name");
}

static void
where_next (DhPublishDialog *self)
{
  g_autofree char *domain = dup_domain (self);

  switch (self->destination)
    {
    case DH_PUBLISH_TO_DOCKER_HUB:
      if (!hub_logged_in (self))
        {
          show_error (self, _("Log in to Docker Hub first (Log In… above), or choose the practice "
                              "registry to try it without an account."));
          return;
        }
      break;

    case DH_PUBLISH_TO_REGISTRY:
      {
        g_autoptr(GError) error = NULL;
        g_autofree char *probe = NULL;

        if (domain == NULL)
          {
            show_error (self, _("Type the registry's address, such as ghcr.io or registry.example.com:5000."));
            return;
          }
        if (!(probe = dh_naming_compose (domain, "", "x", "", &error)))
          {
            show_error (self, error->message);
            return;
          }
      }
      break;

    case DH_PUBLISH_TO_PRACTICE:
    default:
      if (!dh_practice_registry_get_running (dh_session_get_practice_registry (self->session)))
        {
          restart_step (self);
          set_busy (self, TRUE);
          dh_session_start_practice_registry_async (self->session, self->step_cancellable,
                                                    practice_started_cb, g_object_ref (self));
          return;
        }
      break;
    }

  dh_publish_dialog_go (self, "name");
}

/* ------------------------------------------------------------------ */
/* Name                                                                */

static char *
dup_entry (AdwEntryRow *row)
{
  return g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (row))));
}

/* The namespace a login gives: the Docker Hub user, or the user name of
 * the registry's login. */
static char *
dup_login_namespace (DhPublishDialog *self,
                     const char      *domain)
{
  DhAccountManager *accounts = dh_session_get_accounts (self->session);
  GListModel *list = dh_account_manager_get_accounts (accounts);
  g_autofree char *key = NULL;

  if (self->destination == DH_PUBLISH_TO_DOCKER_HUB)
    {
      DhHubSession *hub = dh_session_get_hub_session (self->session);

      return g_strdup (hub != NULL && dh_hub_session_get_username (hub) != NULL
                       ? dh_hub_session_get_username (hub) : "");
    }
  if (self->destination == DH_PUBLISH_TO_PRACTICE || domain == NULL)
    return g_strdup ("");

  key = dh_server_key_for_domain (domain);
  for (guint i = 0; i < g_list_model_get_n_items (list); i++)
    {
      g_autoptr(DhCredential) account = g_list_model_get_item (list, i);

      if (g_strcmp0 (dh_credential_get_server (account), key) == 0 &&
          dh_credential_get_username (account) != NULL)
        return g_ascii_strdown (dh_credential_get_username (account), -1);
    }

  return g_strdup ("");
}

/* Filled once per registry, so that Back and Next keep what was typed. */
static void
prefill_name (DhPublishDialog *self)
{
  const char * const *image_tags = dh_image_get_tags (self->image);
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_auto(GStrv) tags = NULL;
  g_autofree char *domain = dup_domain (self);
  g_autofree char *name_space = NULL;
  g_autofree char *repository = NULL;
  g_autofree char *version = NULL;

  /* Only Docker Hub always wants one; the practice registry has no
   * accounts at all. */
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->namespace_row),
                                 self->destination == DH_PUBLISH_TO_DOCKER_HUB
                                 ? _("Namespace (your user name)")
                                 : self->destination == DH_PUBLISH_TO_PRACTICE
                                 ? _("Namespace (optional here: no accounts)")
                                 : _("Namespace (your user name, if the registry asks for one)"));

  if (domain == NULL || g_strcmp0 (domain, self->prefilled_for) == 0)
    return;
  set_text (&self->prefilled_for, domain);

  /* The name Publish was asked for comes first. */
  g_strv_builder_add (builder, self->source);
  if (image_tags != NULL)
    g_strv_builder_addv (builder, (const char **)image_tags);
  tags = g_strv_builder_end (builder);

  name_space = dup_login_namespace (self, domain);
  repository = dh_publish_suggest_repository ((const char * const *)tags);
  version = dh_publish_suggest_version ((const char * const *)tags);

  gtk_editable_set_text (GTK_EDITABLE (self->namespace_row), name_space);
  if (*gtk_editable_get_text (GTK_EDITABLE (self->repository_row)) == '\0')
    gtk_editable_set_text (GTK_EDITABLE (self->repository_row), repository);
  if (*gtk_editable_get_text (GTK_EDITABLE (self->tag_row)) == '\0')
    gtk_editable_set_text (GTK_EDITABLE (self->tag_row), version);
}

static gboolean
update_name (DhPublishDialog *self)
{
  g_autofree char *domain = dup_domain (self);
  g_autofree char *name_space = dup_entry (self->namespace_row);
  g_autofree char *repository = dup_entry (self->repository_row);
  g_autofree char *tag = dup_entry (self->tag_row);
  g_autofree char *advice = NULL;
  g_autofree char *target = NULL;
  g_autofree char *full = NULL;
  g_autoptr(GError) error = NULL;
  gboolean also_latest = gtk_switch_get_active (self->latest_switch);

  if (domain == NULL)
    return FALSE;

  if (!dh_publish_check_repository (repository, &error))
    ;
  else if (self->destination == DH_PUBLISH_TO_DOCKER_HUB && *name_space == '\0')
    g_set_error_literal (&error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                         _("Docker Hub names start with your user name or organisation, such as "
                           "“alice/my-app”: type it as the namespace."));
  else if (*tag == '\0')
    g_set_error_literal (&error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                         _("Give the version a tag, such as 1.0.0: without one the name gets "
                           "“latest”."));
  else
    target = dh_naming_compose (domain, name_space, repository, tag, &error);

  set_text (&self->target, target);

  gtk_label_set_text (self->name_error, error != NULL ? error->message : "");
  gtk_widget_set_visible (GTK_WIDGET (self->name_error), error != NULL);
  if (on_step (self, "name"))
    set_text (&self->error, error != NULL ? error->message : NULL);

  if (target != NULL)
    {
      g_autofree char *latest = also_latest ? dh_publish_latest_name (target) : NULL;

      /* Translators: the full name the image gets, e.g. "Full name: alice/app:1.0" */
      full = latest != NULL ? g_strdup_printf (_("Full name: %s (and %s)"), target, latest)
                            : g_strdup_printf (_("Full name: %s"), target);
    }
  gtk_label_set_text (self->full_name_label, full != NULL ? full : "");
  gtk_widget_set_visible (GTK_WIDGET (self->full_name_label), full != NULL);

  advice = dh_naming_describe_tag_risk (tag);
  if (advice == NULL)
    advice = g_strdup (_("A version tag such as 1.0.0 says which image this is; people can pull "
                         "exactly this one later, whatever you push next."));
  gtk_label_set_text (self->tag_advice, advice);

  g_clear_pointer (&self->command, g_free);
  if (target != NULL)
    self->command = dh_publish_describe_name (engine_kind (self), self->source, target, also_latest);
  set_command_label (self->name_command, self->command);

  return target != NULL;
}

static void
name_changed_cb (DhPublishDialog *self)
{
  if (on_step (self, "name"))
    dh_publish_dialog_update (self);
}

static void
name_next (DhPublishDialog *self)
{
  if (!update_name (self))
    return;

  dh_publish_dialog_go (self, neighbour_step (self, 1));
}

/* ------------------------------------------------------------------ */
/* Visibility                                                          */

static void
update_visibility (DhPublishDialog *self)
{
  gboolean private = gtk_check_button_get_active (self->private_check);
  const char *text;

  switch (self->hub_target)
    {
    case DH_PUSH_TARGET_EXISTS:
      text = _("This repository exists already; pushing adds the tag to it and keeps its "
               "visibility (change that on Docker Hub's website).");
      break;

    case DH_PUSH_TARGET_MISSING:
      text = private
             ? _("Next creates the repository private on Docker Hub, then pushes to it.")
             : _("This repository does not exist yet: the push creates it public, so anyone can "
                 "pull what you push. Choose Private to create it private first.");
      break;

    case DH_PUSH_TARGET_NOT_HUB:
    default:
      text = self->busy ? _("Asking Docker Hub whether the repository exists…") : "";
      break;
    }

  gtk_label_set_text (self->visibility_label, text);
  gtk_widget_set_sensitive (GTK_WIDGET (self->visibility_group),
                            self->hub_target == DH_PUSH_TARGET_MISSING);

  g_clear_pointer (&self->command, g_free);
  self->command = g_strdup (_("# docker has no command for this: Docker Hub's website "
                              "(Create repository) or its API creates a repository; Dockhand "
                              "uses the API."));
  set_command_label (self->visibility_command, self->command);
}

static void
visibility_toggled_cb (DhPublishDialog *self)
{
  if (on_step (self, "visibility"))
    dh_publish_dialog_update (self);
}

static void
push_target_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(DhPublishDialog) self = user_data;
  g_autoptr(GError) error = NULL;
  DhPushTarget target;

  target = dh_hub_session_check_push_target_finish (DH_HUB_SESSION (object), result, NULL, NULL, &error);
  if (is_cancelled (error))
    return;

  self->hub_target = error != NULL ? DH_PUSH_TARGET_NOT_HUB : target;
  set_busy (self, FALSE);
  if (error != NULL)
    show_error (self, error->message);
}

static void
enter_visibility (DhPublishDialog *self)
{
  DhHubSession *hub = dh_session_get_hub_session (self->session);

  self->hub_target = DH_PUSH_TARGET_NOT_HUB;
  if (hub == NULL || self->target == NULL)
    return;

  restart_step (self);
  set_busy (self, TRUE);
  dh_hub_session_check_push_target_async (hub, self->target, self->step_cancellable,
                                          push_target_cb, g_object_ref (self));
}

static void
created_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(DhPublishDialog) self = user_data;
  g_autoptr(DhRepository) repository = NULL;
  g_autoptr(GError) error = NULL;

  repository = dh_hub_client_create_repository_finish (DH_HUB_CLIENT (object), result, &error);
  if (is_cancelled (error))
    return;

  set_busy (self, FALSE);
  if (repository == NULL)
    {
      show_error (self, error->message);
      return;
    }

  self->hub_target = DH_PUSH_TARGET_EXISTS;
  dh_publish_dialog_go (self, "push");
}

static void
visibility_next (DhPublishDialog *self)
{
  DhHubSession *hub = dh_session_get_hub_session (self->session);
  g_autoptr(DhReference) parsed = NULL;
  g_auto(GStrv) parts = NULL;

  if (self->hub_target != DH_PUSH_TARGET_MISSING || !gtk_check_button_get_active (self->private_check))
    {
      dh_publish_dialog_go (self, "push");
      return;
    }

  if (hub == NULL || !(parsed = dh_reference_parse (self->target, NULL)))
    return;

  parts = g_strsplit (dh_reference_get_path (parsed), "/", 2);
  if (parts[0] == NULL || parts[1] == NULL)
    return;

  restart_step (self);
  set_busy (self, TRUE);
  dh_hub_client_create_repository_async (dh_hub_session_get_client (hub), parts[0], parts[1], "",
                                         TRUE, self->step_cancellable, created_cb,
                                         g_object_ref (self));
}

/* ------------------------------------------------------------------ */
/* Push                                                                */

static DhTransfer *
shown_transfer (DhPublishDialog *self)
{
  return self->latest_transfer != NULL ? self->latest_transfer : self->transfer;
}

static void
update_push (DhPublishDialog *self)
{
  DhTransfer *transfer = shown_transfer (self);
  g_autofree char *progress = NULL;
  g_autofree char *name = NULL;
  g_autofree char *state = NULL;

  g_clear_pointer (&self->command, g_free);
  if (self->target != NULL)
    self->command = dh_publish_describe_push (engine_kind (self), self->target,
                                              gtk_switch_get_active (self->latest_switch));
  set_command_label (self->push_command, self->command);

  if (transfer == NULL)
    {
      gtk_label_set_text (self->push_state, self->busy ? _("Naming the image…") : "");
      gtk_progress_bar_set_fraction (self->push_bar, 0);
      gtk_label_set_text (self->push_progress, "");
      return;
    }

  name = dh_naming_familiar (dh_transfer_get_reference (transfer));
  switch (dh_transfer_get_state (transfer))
    {
    case DH_TRANSFER_STATE_RUNNING:
      state = g_strdup_printf (_("Pushing %s"), name);
      break;
    case DH_TRANSFER_STATE_SUCCEEDED:
      state = self->pushed ? g_strdup_printf (_("Pushed %s. Next reads it back from the registry."), self->target)
                           : g_strdup_printf (_("Pushed %s"), name);
      break;
    case DH_TRANSFER_STATE_FAILED:
      state = g_strdup_printf (_("Could not push %s"), name);
      break;
    case DH_TRANSFER_STATE_CANCELLED:
    default:
      state = g_strdup_printf (_("Push of %s cancelled"), name);
      break;
    }
  gtk_label_set_text (self->push_state, state);
  gtk_progress_bar_set_fraction (self->push_bar, dh_transfer_get_fraction (transfer));
  progress = dh_transfer_describe_progress (transfer);
  gtk_label_set_text (self->push_progress, progress != NULL ? progress : "");
}

static gboolean
dh_publish_dialog_frame (GtkWidget *widget)
{
  DhPublishDialog *self = DH_PUBLISH_DIALOG (widget);

  if (on_step (self, "push"))
    update_push (self);

  return FALSE;
}

static void
transfer_notify_cb (DhPublishDialog *self)
{
  dh_frame_coalescer_queue (&self->redraw);
}

static void start_push (DhPublishDialog *self, const char *reference);

static void
transfer_state_cb (DhPublishDialog *self,
                   GParamSpec      *pspec,
                   DhTransfer      *transfer)
{
  DhTransferState state = dh_transfer_get_state (transfer);

  if (state == DH_TRANSFER_STATE_RUNNING || (transfer != self->transfer && transfer != self->latest_transfer))
    return;

  if (state != DH_TRANSFER_STATE_SUCCEEDED)
    {
      const char *message = dh_transfer_get_error_message (transfer);

      set_busy (self, FALSE);
      show_error (self, message != NULL ? message : _("The engine gave no reason."));
      return;
    }

  if (transfer == self->transfer)
    set_text (&self->pushed_digest, dh_transfer_get_digest (transfer));

  if (transfer == self->transfer && gtk_switch_get_active (self->latest_switch))
    {
      g_autofree char *latest = dh_publish_latest_name (self->target);

      start_push (self, latest);
      return;
    }

  self->pushed = TRUE;
  set_busy (self, FALSE);
  gtk_widget_grab_focus (GTK_WIDGET (self->next_button));
}

static void
start_push (DhPublishDialog *self,
            const char      *reference)
{
  DhTransfer *transfer = dh_session_push (self->session, reference);

  /* The layers stay the name's: latest's push only finds them there. */
  if (self->transfer == NULL)
    {
      g_set_object (&self->transfer, transfer);
      dh_layer_list_set_transfer (self->layer_list, transfer);
    }
  else
    g_set_object (&self->latest_transfer, transfer);

  g_signal_connect_object (transfer, "notify", G_CALLBACK (transfer_notify_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (transfer, "notify::state", G_CALLBACK (transfer_state_cb), self, G_CONNECT_SWAPPED);
  transfer_notify_cb (self);
  /* A transfer that could not start is FAILED already. */
  transfer_state_cb (self, NULL, transfer);
}

static void tag_step (DhPublishDialog *self);

static void
tagged_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(DhPublishDialog) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!dh_engine_tag_finish (DH_ENGINE (object), result, &error))
    {
      if (is_cancelled (error))
        return;
      set_busy (self, FALSE);
      show_error (self, error->message);
      return;
    }

  /* The name, then latest when asked, then the push. */
  self->tag_stage = self->tag_stage == 0 && gtk_switch_get_active (self->latest_switch) ? 1 : 2;
  tag_step (self);
}

/* Names the image (and latest), then pushes. */
static void
tag_step (DhPublishDialog *self)
{
  DhEngine *engine = dh_session_get_engine (self->session);
  g_autofree char *latest = NULL;

  if (self->tag_stage == 2)
    {
      start_push (self, self->target);
      return;
    }

  if (engine == NULL)
    {
      set_busy (self, FALSE);
      show_error (self, _("The container engine is not connected, so the image cannot be named "
                          "or pushed. Start Docker or Podman, then press Back and Next."));
      return;
    }

  if (self->tag_stage == 1)
    latest = dh_publish_latest_name (self->target);
  dh_engine_tag_async (engine, dh_image_get_id (self->image), latest != NULL ? latest : self->target,
                       self->step_cancellable, tagged_cb, g_object_ref (self));
}

static void
enter_push (DhPublishDialog *self)
{
  restart_step (self);
  g_clear_object (&self->transfer);
  g_clear_object (&self->latest_transfer);
  g_clear_pointer (&self->pushed_digest, g_free);
  self->pushed = FALSE;
  dh_layer_list_set_transfer (self->layer_list, NULL);
  self->tag_stage = 0;

  set_busy (self, TRUE);
  tag_step (self);
}

/* ------------------------------------------------------------------ */
/* Check                                                               */

static void
set_row (AdwActionRow *row,
         const char   *text)
{
  adw_action_row_set_subtitle (row, text != NULL ? text : "");
}

static void
update_check (DhPublishDialog *self)
{
  g_autofree char *url = self->target != NULL ? dh_naming_hub_url (self->target) : NULL;

  g_clear_pointer (&self->command, g_free);
  if (self->target != NULL)
    self->command = dh_publish_describe_check (engine_kind (self), self->target);
  set_command_label (self->check_command, self->command);

  gtk_spinner_set_spinning (self->check_spinner, self->busy);
  gtk_widget_set_visible (GTK_WIDGET (self->check_spinner), self->busy);
  gtk_widget_set_visible (GTK_WIDGET (self->check_group), self->checked_digest != NULL);
  gtk_widget_set_visible (GTK_WIDGET (self->share_group), self->checked_digest != NULL);
  gtk_widget_set_visible (GTK_WIDGET (self->web_row), url != NULL);
  set_row (self->web_row, url);
}

static void
hub_tags_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(DhPublishDialog) self = user_data;
  g_autoptr(GListModel) tags = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(DhReference) parsed = NULL;

  tags = dh_hub_client_list_tags_finish (DH_HUB_CLIENT (object), result, &error);
  if (is_cancelled (error) || self->target == NULL || !(parsed = dh_reference_parse (self->target, NULL)))
    return;

  if (tags == NULL)
    {
      g_autofree char *text = g_strdup_printf (_("Docker Hub did not say: %s"), error->message);

      set_row (self->check_pushed_row, text);
      return;
    }

  for (guint i = 0; i < g_list_model_get_n_items (tags); i++)
    {
      g_autoptr(DhHubTag) tag = g_list_model_get_item (tags, i);
      GDateTime *pushed = dh_hub_tag_get_last_pushed (tag);

      if (g_strcmp0 (dh_hub_tag_get_name (tag), dh_reference_get_tag (parsed)) == 0 && pushed != NULL)
        {
          g_autofree char *text = dh_format_absolute_time (g_date_time_to_unix (pushed));

          set_row (self->check_pushed_row, text);
          return;
        }
    }
}

static void
inspected_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  DhRegistryClient *client = DH_REGISTRY_CLIENT (object);
  g_autoptr(DhPublishDialog) self = user_data;
  g_autoptr(DhRegistryImageInfo) info = NULL;
  g_autoptr(DhReference) parsed = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *size = NULL;
  g_autofree char *platforms = NULL;
  g_autofree char *digest_text = NULL;
  g_autofree char *state = NULL;
  g_autofree char *pushed = NULL;
  gboolean same;

  info = dh_registry_client_inspect_finish (client, result, &error);
  if (is_cancelled (error))
    return;

  set_busy (self, FALSE);
  if (info == NULL || self->target == NULL || !(parsed = dh_reference_parse (self->target, NULL)))
    {
      g_autofree char *text = g_strdup_printf (_("Could not read the image back from the registry: %s"),
                                               error != NULL ? error->message : self->target);

      gtk_label_set_text (self->check_state, _("Not Checked"));
      show_error (self, text);
      return;
    }

  set_text (&self->checked_digest, info->digest);
  same = self->pushed_digest == NULL || g_strcmp0 (info->digest, self->pushed_digest) == 0;

  if (same)
    state = g_strdup_printf (_("The registry has %s, exactly as pushed."), self->target);
  else
    state = g_strdup_printf (_("The registry's %s is not the image just pushed: someone pushed "
                               "the same tag since. Push again, or use a new version tag."),
                             self->target);
  gtk_label_set_text (self->check_state, state);
  if (!same)
    show_error (self, state);

  set_row (self->check_tag_row, dh_reference_get_tag (parsed));
  digest_text = same ? g_strdup_printf (_("%s (the same as the push’s)"), info->digest)
                     : g_strdup_printf (_("%s (the push’s was %s)"), info->digest, self->pushed_digest);
  set_row (self->check_digest_row, digest_text);
  if (!info->is_index && info->config_size > 0 && info->size > info->config_size)
    {
      g_autofree char *total = g_format_size (info->size);
      g_autofree char *layers = g_format_size (info->size - info->config_size);
      g_autofree char *config = g_format_size (info->config_size);

      /* Not the Push step's total, which adds up the engine's progress
       * figures for the layers alone: this says what it counts. */
      /* Translators: the size of an image in a registry: "525.6 kB as
       * stored, compressed: 524.8 kB of layers and 778 bytes of image
       * configuration" */
      size = g_strdup_printf (_("%s as stored, compressed: %s of layers and %s of image configuration"),
                              total, layers, config);
    }
  else
    size = g_format_size (info->size);
  set_row (self->check_size_row, size);
  platforms = info->platforms != NULL && info->platforms[0] != NULL
              ? g_strjoinv (", ", info->platforms) : g_strdup (_("Not given"));
  set_row (self->check_platforms_row, platforms);

  if (self->destination == DH_PUBLISH_TO_DOCKER_HUB && dh_session_get_hub_session (self->session) != NULL)
    {
      g_auto(GStrv) parts = g_strsplit (dh_reference_get_path (parsed), "/", 2);

      set_row (self->check_pushed_row, _("Asking Docker Hub…"));
      if (parts[0] != NULL && parts[1] != NULL)
        dh_hub_client_list_tags_async (dh_hub_session_get_client (dh_session_get_hub_session (self->session)),
                                       parts[0], parts[1], self->step_cancellable,
                                       hub_tags_cb, g_object_ref (self));
    }
  else
    {
      /* The Registry API records no push times: the push is the one
       * this window just made. */
      g_autofree char *when = self->transfer != NULL
                              ? dh_format_absolute_time (dh_transfer_get_finished_at (self->transfer) / G_USEC_PER_SEC)
                              : NULL;

      pushed = when != NULL ? g_strdup_printf (_("%s, by this push (this registry does not record "
                                                 "push times)"), when)
                            : g_strdup (_("This registry does not record push times"));
      set_row (self->check_pushed_row, pushed);
    }

  g_clear_pointer (&self->share_line, g_free);
  self->share_line = dh_naming_describe_command (engine_kind (self), DH_COMMAND_PULL, self->target, NULL);
  set_row (self->share_row, self->share_line);

  {
    /* The practice registry (or any on 127.0.0.1): a pull command for
     * others would fail on their computers. */
    gboolean here = dh_reference_is_on_this_computer (parsed);

    adw_preferences_group_set_title (self->share_group, here ? _("Pull It Again") : _("Share It"));
    adw_preferences_group_set_description (self->share_group,
                                           here ? _("This registry is on this computer, so no one else can "
                                                    "pull from it. To share the image, publish it to Docker "
                                                    "Hub or another registry.")
                                                : NULL);
    adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->share_row),
                                   here ? _("On this computer, pull it with") : _("Anyone allowed can pull it with"));
  }

  dh_publish_dialog_update (self);
  gtk_widget_grab_focus (GTK_WIDGET (self->next_button));
}

static void
check_lookup_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(DhPublishDialog) self = user_data;
  g_autoptr(DhCredential) credential = NULL;
  g_autoptr(DhRegistryClient) client = NULL;
  g_autoptr(DhReference) parsed = NULL;
  g_autoptr(GError) error = NULL;

  credential = dh_account_manager_lookup_finish (DH_ACCOUNT_MANAGER (object), result, &error);
  if (is_cancelled (error))
    return;

  if (self->target == NULL || !(parsed = dh_reference_parse (self->target, NULL)))
    return;

  /* Plain HTTP only for loopback registries: the client ignores it for
   * any other. */
  g_clear_error (&error);
  if (!(client = dh_registry_client_new (dh_reference_get_domain (parsed), TRUE, &error)))
    {
      set_busy (self, FALSE);
      show_error (self, error->message);
      return;
    }

  dh_registry_client_set_credential (client, credential);
  dh_registry_client_inspect_async (client, dh_reference_get_path (parsed), dh_reference_get_tag (parsed),
                                    self->step_cancellable, inspected_cb, g_object_ref (self));
}

static void
enter_check (DhPublishDialog *self)
{
  g_autoptr(DhReference) parsed = NULL;
  g_autofree char *key = NULL;

  g_clear_pointer (&self->checked_digest, g_free);
  g_clear_pointer (&self->share_line, g_free);
  if (self->target == NULL || !(parsed = dh_reference_parse (self->target, NULL)))
    return;

  restart_step (self);
  gtk_label_set_text (self->check_state, _("Reading it back from the registry…"));
  set_busy (self, TRUE);
  key = dh_server_key_for_domain (dh_reference_get_domain (parsed));
  dh_account_manager_lookup_async (dh_session_get_accounts (self->session), key, self->step_cancellable,
                                   check_lookup_cb, g_object_ref (self));
}

/* ------------------------------------------------------------------ */
/* Steps                                                               */

static void
dh_publish_dialog_update (DhPublishDialog *self)
{
  const char *step = current_step (self);
  guint n = 0;
  guint position = 0;
  gboolean can_next = !self->busy;
  gboolean can_back = !self->busy && neighbour_step (self, -1) != NULL;
  g_autofree char *subtitle = NULL;
  const char *title = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (steps); i++)
    if (step_applies (self, steps[i]))
      {
        n++;
        if (g_strcmp0 (steps[i], step) == 0)
          position = n;
      }

  if (g_strcmp0 (step, "where") == 0)
    {
      update_where (self);
      title = _("Where");
    }
  else if (g_strcmp0 (step, "name") == 0)
    {
      can_next = update_name (self) && can_next;
      title = _("Name");
    }
  else if (g_strcmp0 (step, "visibility") == 0)
    {
      update_visibility (self);
      title = _("Visibility");
    }
  else if (g_strcmp0 (step, "push") == 0)
    {
      update_push (self);
      can_next = can_next && self->pushed;
      title = _("Push");
    }
  else
    {
      update_check (self);
      title = _("Check");
    }

  /* Translators: the window's subtitle, e.g. "Step 2 of 5: Name" */
  subtitle = g_strdup_printf (_("Step %u of %u: %s"), position, n, title);
  adw_window_title_set_subtitle (self->window_title, subtitle);

  gtk_button_set_label (self->next_button, g_strcmp0 (step, "check") == 0 ? _("_Done") : _("_Next"));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "publish.next", can_next);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "publish.back", can_back);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "publish.copy-command", self->command != NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "publish.copy-share", self->share_line != NULL);
}

static void
dh_publish_dialog_go (DhPublishDialog *self,
                      const char      *step)
{
  if (step == NULL)
    return;

  set_text (&self->error, NULL);
  gtk_stack_set_visible_child_name (self->stack, step);
  show_error (self, NULL);

  if (g_str_equal (step, "name"))
    {
      prefill_name (self);
      gtk_widget_grab_focus (GTK_WIDGET (self->repository_row));
    }
  else if (g_str_equal (step, "visibility"))
    enter_visibility (self);
  else if (g_str_equal (step, "push"))
    enter_push (self);
  else if (g_str_equal (step, "check"))
    enter_check (self);

  dh_publish_dialog_update (self);
}

static void
dh_publish_dialog_next_action (GtkWidget  *widget,
                               const char *action_name,
                               GVariant   *param)
{
  DhPublishDialog *self = DH_PUBLISH_DIALOG (widget);
  const char *step = current_step (self);

  if (self->busy)
    return;

  if (g_strcmp0 (step, "where") == 0)
    where_next (self);
  else if (g_strcmp0 (step, "name") == 0)
    name_next (self);
  else if (g_strcmp0 (step, "visibility") == 0)
    visibility_next (self);
  else if (g_strcmp0 (step, "push") == 0)
    {
      if (self->pushed)
        dh_publish_dialog_go (self, "check");
    }
  else
    gtk_window_close (GTK_WINDOW (self));
}

static void
dh_publish_dialog_back_action (GtkWidget  *widget,
                               const char *action_name,
                               GVariant   *param)
{
  DhPublishDialog *self = DH_PUBLISH_DIALOG (widget);
  const char *previous;

  if (self->busy || !(previous = neighbour_step (self, -1)))
    return;

  /* Going back does not repeat a step's work: only Next does. */
  restart_step (self);
  set_text (&self->error, NULL);
  show_error (self, NULL);
  gtk_stack_set_visible_child_name (self->stack, previous);
  dh_publish_dialog_update (self);
}

static void
entry_activated_cb (DhPublishDialog *self)
{
  gtk_widget_activate_action (GTK_WIDGET (self), "publish.next", NULL);
}

static void
copy_text (DhPublishDialog *self,
           const char      *text)
{
  if (text == NULL)
    return;

  gdk_clipboard_set_text (gtk_widget_get_clipboard (GTK_WIDGET (self)), text);
  adw_toast_overlay_add_toast (self->toasts, adw_toast_new (_("Copied to clipboard")));
}

static void
dh_publish_dialog_copy_command_action (GtkWidget  *widget,
                                       const char *action_name,
                                       GVariant   *param)
{
  copy_text (DH_PUBLISH_DIALOG (widget), DH_PUBLISH_DIALOG (widget)->command);
}

static void
dh_publish_dialog_copy_share_action (GtkWidget  *widget,
                                     const char *action_name,
                                     GVariant   *param)
{
  copy_text (DH_PUBLISH_DIALOG (widget), DH_PUBLISH_DIALOG (widget)->share_line);
}

static void
dh_publish_dialog_open_web_action (GtkWidget  *widget,
                                   const char *action_name,
                                   GVariant   *param)
{
  DhPublishDialog *self = DH_PUBLISH_DIALOG (widget);
  g_autofree char *url = self->target != NULL ? dh_naming_hub_url (self->target) : NULL;

  if (url != NULL)
    gtk_show_uri (GTK_WINDOW (self), url, GDK_CURRENT_TIME);
}

static void
dh_publish_dialog_login_action (GtkWidget  *widget,
                                const char *action_name,
                                GVariant   *param)
{
  dh_navigate (widget, "app.login", g_variant_new_string (""));
}

static void
state_changed_cb (DhPublishDialog *self)
{
  dh_publish_dialog_update (self);
}

static void
dh_publish_dialog_dispose (GObject *object)
{
  DhPublishDialog *self = (DhPublishDialog *)object;

  dh_frame_coalescer_clear (&self->redraw);
  g_cancellable_cancel (self->cancellable);
  g_cancellable_cancel (self->step_cancellable);

  gtk_widget_dispose_template (GTK_WIDGET (self), DH_TYPE_PUBLISH_DIALOG);

  g_clear_object (&self->transfer);
  g_clear_object (&self->latest_transfer);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->step_cancellable);
  g_clear_object (&self->image);
  g_clear_object (&self->session);

  G_OBJECT_CLASS (dh_publish_dialog_parent_class)->dispose (object);
}

static void
dh_publish_dialog_finalize (GObject *object)
{
  DhPublishDialog *self = (DhPublishDialog *)object;

  g_free (self->source);
  g_free (self->target);
  g_free (self->prefilled_for);
  g_free (self->command);
  g_free (self->error);
  g_free (self->pushed_digest);
  g_free (self->checked_digest);
  g_free (self->share_line);

  G_OBJECT_CLASS (dh_publish_dialog_parent_class)->finalize (object);
}

static void
dh_publish_dialog_class_init (DhPublishDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = dh_publish_dialog_dispose;
  object_class->finalize = dh_publish_dialog_finalize;

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/dockhand/Dockhand/dh-publish-dialog.ui");
#define BIND(name) gtk_widget_class_bind_template_child (widget_class, DhPublishDialog, name)
  BIND (toasts);
  BIND (window_title);
  BIND (back_button);
  BIND (next_button);
  BIND (stack);
  BIND (hub_check);
  BIND (registry_check);
  BIND (practice_check);
  BIND (hub_row);
  BIND (hub_login_button);
  BIND (registry_row);
  BIND (practice_row);
  BIND (where_advice);
  BIND (where_error);
  BIND (where_command);
  BIND (namespace_row);
  BIND (repository_row);
  BIND (tag_row);
  BIND (latest_switch);
  BIND (name_error);
  BIND (full_name_label);
  BIND (tag_advice);
  BIND (name_command);
  BIND (public_check);
  BIND (private_check);
  BIND (visibility_group);
  BIND (visibility_label);
  BIND (visibility_error);
  BIND (visibility_command);
  BIND (push_state);
  BIND (push_bar);
  BIND (push_progress);
  BIND (push_error);
  BIND (layer_list);
  BIND (push_command);
  BIND (check_spinner);
  BIND (check_state);
  BIND (check_error);
  BIND (check_group);
  BIND (check_tag_row);
  BIND (check_digest_row);
  BIND (check_size_row);
  BIND (check_platforms_row);
  BIND (check_pushed_row);
  BIND (share_group);
  BIND (share_row);
  BIND (web_row);
  BIND (check_command);
#undef BIND
  gtk_widget_class_bind_template_callback (widget_class, destination_toggled_cb);
  gtk_widget_class_bind_template_callback (widget_class, name_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, visibility_toggled_cb);
  gtk_widget_class_bind_template_callback (widget_class, entry_activated_cb);

  gtk_widget_class_install_action (widget_class, "publish.next", NULL, dh_publish_dialog_next_action);
  gtk_widget_class_install_action (widget_class, "publish.back", NULL, dh_publish_dialog_back_action);
  gtk_widget_class_install_action (widget_class, "publish.copy-command", NULL, dh_publish_dialog_copy_command_action);
  gtk_widget_class_install_action (widget_class, "publish.copy-share", NULL, dh_publish_dialog_copy_share_action);
  gtk_widget_class_install_action (widget_class, "publish.open-web", NULL, dh_publish_dialog_open_web_action);
  gtk_widget_class_install_action (widget_class, "publish.login", NULL, dh_publish_dialog_login_action);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Page_Down, GDK_CONTROL_MASK, "publish.next", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Page_Up, GDK_CONTROL_MASK, "publish.back", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Right, GDK_ALT_MASK, "publish.next", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Left, GDK_ALT_MASK, "publish.back", NULL);

  g_type_ensure (DH_TYPE_LAYER_LIST);
}

static void
dh_publish_dialog_init (DhPublishDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  dh_frame_coalescer_init (&self->redraw, GTK_WIDGET (self), dh_publish_dialog_frame);

  self->cancellable = g_cancellable_new ();
  self->step_cancellable = g_cancellable_new ();
  self->hub_target = DH_PUSH_TARGET_NOT_HUB;
}

DhPublishDialog *
dh_publish_dialog_new (DhSession  *session,
                       DhImage    *image,
                       const char *name)
{
  DhPublishDialog *self;
  const char * const *tags;
  DhHubSession *hub;
  g_autofree char *title = NULL;

  g_return_val_if_fail (DH_IS_SESSION (session), NULL);
  g_return_val_if_fail (DH_IS_IMAGE (image), NULL);

  self = g_object_new (DH_TYPE_PUBLISH_DIALOG, NULL);
  self->session = g_object_ref (session);
  self->image = g_object_ref (image);

  tags = dh_image_get_tags (image);
  if (name != NULL && dh_image_has_tag (image, name))
    self->source = g_strdup (name);
  else
    self->source = g_strdup (tags != NULL && tags[0] != NULL ? tags[0] : dh_image_get_short_id (image));

  /* Translators: the window's title, e.g. "Publish dh-test/app:1.0" */
  title = g_strdup_printf (_("Publish %s"), self->source);
  adw_window_title_set_title (self->window_title, title);

  hub = dh_session_get_hub_session (session);
  if (hub != NULL)
    g_signal_connect_object (hub, "notify::state", G_CALLBACK (state_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (dh_session_get_practice_registry (session), "notify::running",
                           G_CALLBACK (state_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (dh_session_get_practice_registry (session), "notify::pull-transfer",
                           G_CALLBACK (state_changed_cb), self, G_CONNECT_SWAPPED);

  /* Someone logged in to Docker Hub is most likely going there; others
   * start with the practice registry, which needs nothing. */
  if (hub_logged_in (self))
    gtk_check_button_set_active (self->hub_check, TRUE);
  else
    gtk_check_button_set_active (self->practice_check, TRUE);
  destination_toggled_cb (self);

  dh_publish_dialog_go (self, "where");
  gtk_widget_grab_focus (GTK_WIDGET (self->next_button));

  return self;
}

const char *
dh_publish_dialog_get_step (DhPublishDialog *self)
{
  g_return_val_if_fail (DH_IS_PUBLISH_DIALOG (self), NULL);

  return current_step (self);
}

void
dh_publish_dialog_set_destination (DhPublishDialog      *self,
                                   DhPublishDestination  destination)
{
  g_return_if_fail (DH_IS_PUBLISH_DIALOG (self));

  switch (destination)
    {
    case DH_PUBLISH_TO_DOCKER_HUB:
      gtk_check_button_set_active (self->hub_check, TRUE);
      break;
    case DH_PUBLISH_TO_REGISTRY:
      gtk_check_button_set_active (self->registry_check, TRUE);
      break;
    case DH_PUBLISH_TO_PRACTICE:
    default:
      gtk_check_button_set_active (self->practice_check, TRUE);
      break;
    }
}

DhPublishDestination
dh_publish_dialog_get_destination (DhPublishDialog *self)
{
  g_return_val_if_fail (DH_IS_PUBLISH_DIALOG (self), DH_PUBLISH_TO_PRACTICE);

  return self->destination;
}

const char *
dh_publish_dialog_get_target (DhPublishDialog *self)
{
  g_return_val_if_fail (DH_IS_PUBLISH_DIALOG (self), NULL);

  return self->target;
}

const char *
dh_publish_dialog_get_command (DhPublishDialog *self)
{
  g_return_val_if_fail (DH_IS_PUBLISH_DIALOG (self), NULL);

  return self->command;
}

gboolean
dh_publish_dialog_get_can_next (DhPublishDialog *self)
{
  g_return_val_if_fail (DH_IS_PUBLISH_DIALOG (self), FALSE);

  return gtk_widget_is_sensitive (GTK_WIDGET (self->next_button));
}

gboolean
dh_publish_dialog_get_busy (DhPublishDialog *self)
{
  g_return_val_if_fail (DH_IS_PUBLISH_DIALOG (self), FALSE);

  return self->busy;
}

const char *
dh_publish_dialog_get_pushed_digest (DhPublishDialog *self)
{
  g_return_val_if_fail (DH_IS_PUBLISH_DIALOG (self), NULL);

  return self->pushed_digest;
}

const char *
dh_publish_dialog_get_checked_digest (DhPublishDialog *self)
{
  g_return_val_if_fail (DH_IS_PUBLISH_DIALOG (self), NULL);

  return self->checked_digest;
}

const char *
dh_publish_dialog_get_error (DhPublishDialog *self)
{
  g_return_val_if_fail (DH_IS_PUBLISH_DIALOG (self), NULL);

  return self->error;
}

const char *
dh_publish_dialog_get_share_line (DhPublishDialog *self)
{
  g_return_val_if_fail (DH_IS_PUBLISH_DIALOG (self), NULL);

  return self->share_line;
}
