/* dh-error-presenter.c
 *
 * Copyright 2026 The Dockhand Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "dh-error-presenter"

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "dh-credential.h"
#include "dh-error.h"
#include "dh-error-presenter.h"
#include "dh-naming.h"
#include "dh-reference.h"

/* "alice/app" on Docker Hub, "host:port/alice/app" elsewhere; NULL when
 * the user is not known (the tag dialog then fills in the login). */
static char *
suggest_name (DhReference *reference,
              const char  *username)
{
  const char *domain = dh_reference_get_domain (reference);
  const char *path = dh_reference_get_path (reference);
  const char *tag = dh_reference_get_tag (reference);
  const char *name = strrchr (path, '/');
  g_autofree char *key = dh_server_key_for_domain (domain);
  g_autofree char *repository = NULL;

  if (username == NULL || *username == '\0' || g_str_equal (username, DH_CREDENTIAL_TOKEN_USERNAME))
    return NULL;

  name = name != NULL ? name + 1 : path;

  if (dh_server_is_docker_hub (key))
    repository = g_strdup_printf ("%s/%s", username, name);
  else
    repository = g_strdup_printf ("%s/%s/%s", domain, username, name);

  return g_strdup_printf ("%s:%s", repository, tag != NULL ? tag : "latest");
}

static void
set_retry (DhErrorPresentation *self)
{
  self->action_label = g_strdup (_("_Try Again"));
  self->action_name = g_strdup ("transfer.retry");
}

static void
set_login (DhErrorPresentation *self,
           const char          *domain)
{
  g_autofree char *registry = dh_registry_display_name (domain);
  g_autofree char *key = dh_server_key_for_domain (domain != NULL ? domain : "docker.io");

  /* Translators: %s is "Docker Hub" or a registry's host:port */
  self->action_label = g_strdup_printf (_("_Log in to %s"), registry);
  self->action_name = g_strdup ("app.login");
  /* app.login takes "" for Docker Hub, else the registry's host[:port]. */
  self->action_target = g_variant_ref_sink (g_variant_new_string (dh_server_is_docker_hub (key)
                                                                  ? "" : domain));
}

DhErrorPresentation *
dh_error_presentation_new (const GError   *error,
                           DhTransferKind  kind,
                           const char     *reference,
                           const char     *username)
{
  g_autoptr(DhErrorPresentation) self = g_new0 (DhErrorPresentation, 1);
  g_autoptr(DhReference) ref = NULL;
  g_autofree char *registry = NULL;
  const char *domain = NULL;
  const char *newline;
  gboolean push = kind == DH_TRANSFER_KIND_PUSH;

  g_return_val_if_fail (error != NULL, NULL);

  if (reference != NULL)
    ref = dh_reference_parse (reference, NULL);
  if (ref != NULL)
    domain = dh_reference_get_domain (ref);
  registry = dh_registry_display_name (domain);

  self->code = error->domain == DH_ERROR ? error->code : -1;
  if (self->code == DH_ERROR_FAILED)
    self->code = dh_error_classify_message (error->message);

  /* The engine's messages are "advice\nThe engine said: …": the first
   * line is what the person reads, the rest is for the curious. */
  newline = strchr (error->message, '\n');
  if (newline != NULL)
    {
      self->explanation = g_strndup (error->message, newline - error->message);
      self->detail = g_strdup (newline + 1);
    }
  else
    self->explanation = g_strdup (error->message);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      self->cancelled = TRUE;
        self->title = g_strdup (push ? _("Push Cancelled") : _("Pull Cancelled"));
        self->fix = g_strdup (push
                              ? _("Layers that were already uploaded stay on the registry; "
                                  "pushing again skips them.")
                              : _("Layers that were already downloaded are kept; pulling again "
                                  "skips them."));
        self->action_label = g_strdup (push ? _("_Push Again") : _("_Pull Again"));
        self->action_name = g_strdup ("transfer.retry");
      return g_steal_pointer (&self);
    }

  switch (self->code)
    {
    case DH_ERROR_UNAUTHORIZED:
      /* Translators: %s is "Docker Hub" or a registry's host:port */
      self->title = g_strdup_printf (_("%s Did Not Accept the Login"), registry);
      /* The engine's advice (first line) already says what to do. */
      if (self->detail != NULL)
        ;
      else if (username == NULL)
        self->fix = g_strdup_printf (push ? _("Log in to %s with your user name and password or "
                                              "access token; Dockhand then sends that login with "
                                              "the push.")
                                          : _("Log in to %s with your user name and password or "
                                              "access token; Dockhand then sends that login with "
                                              "the pull."),
                                     registry);
      else
        self->fix = g_strdup_printf (_("The login saved for %s (user “%s”) was refused. Log in "
                                       "again with the right password or access token."),
                                     registry, username);
      set_login (self, domain);
      break;

    case DH_ERROR_DENIED:
      self->title = g_strdup (push ? _("Not Allowed to Push There") : _("Not Allowed to Pull This"));
      if (push && ref != NULL)
        {
          g_autofree char *suggestion = suggest_name (ref, username);
          const char *path = dh_reference_get_path (ref);
          g_autofree char *ns = g_strdup (path);
          char *slash = strrchr (ns, '/');

          if (slash != NULL)
            *slash = '\0';

          /* The explanation already says to push under your own
           * namespace; this says whose namespace that is. */
          if (username != NULL)
            self->fix = g_strdup_printf (_("The image is named for the namespace “%s”, but you "
                                           "are logged in to %s as “%s”."),
                                         ns, registry, username);
          else
            self->fix = g_strdup_printf (_("The image is named for the namespace “%s” and you "
                                           "are not logged in to %s: if that namespace is yours, "
                                           "log in first."),
                                         ns, registry);

          if (suggestion != NULL)
            /* Translators: %s is an image name such as alice/app:1.0 */
            self->action_label = g_strdup_printf (_("_Tag as %s"), suggestion);
          else
            self->action_label = g_strdup (_("_Tag Under Your Name…"));
          self->action_name = g_strdup ("transfer.retag");
          self->action_target = g_variant_ref_sink (g_variant_new_string (suggestion ? suggestion : ""));
        }
      else
        set_login (self, domain);
      break;

    case DH_ERROR_NOT_FOUND:
      self->title = g_strdup (push ? _("No Such Local Image") : _("Image Not Found"));
      set_retry (self);
      break;

    case DH_ERROR_RATE_LIMITED:
      self->title = g_strdup (_("Too Many Requests"));
      if (username == NULL)
        {
          self->fix = g_strdup_printf (_("Anonymous users get a lower limit. Logging in to %s "
                                         "raises it."), registry);
          set_login (self, domain);
        }
      else
        set_retry (self);
      break;

    case DH_ERROR_UNREACHABLE:
      /* Translators: %s is "Docker Hub" or a registry's host:port */
      self->title = g_strdup_printf (_("Cannot Reach %s"), registry);
      set_retry (self);
      break;

    case DH_ERROR_INSECURE_REGISTRY:
      {
        g_autofree char *setting = NULL;

        self->title = g_strdup (_("The Registry Has No Trusted HTTPS"));
        setting = g_strdup_printf ("{ \"insecure-registries\": [\"%s\"] }", domain ? domain : "");
        self->fix = g_strdup_printf (_("For Docker, add this to /etc/docker/daemon.json and "
                                       "restart Docker (sudo systemctl restart docker):\n%s\n"
                                       "For Podman, add the registry with “insecure = true” to "
                                       "/etc/containers/registries.conf."),
                                     setting);
        self->action_label = g_strdup (_("_Copy Daemon Setting"));
        self->action_name = g_strdup ("transfer.copy-text");
        self->action_target = g_variant_ref_sink (g_variant_new_string (setting));
      }
      break;

    case DH_ERROR_NO_ENGINE:
    case DH_ERROR_ENGINE_GONE:
      self->title = g_strdup (self->code == DH_ERROR_NO_ENGINE
                              ? _("No Container Engine")
                              : _("The Container Engine Stopped Answering"));
      self->fix = g_strdup (_("Start Docker (sudo systemctl start docker) or Podman's socket "
                              "(systemctl --user start podman.socket), then look for the "
                              "engine again."));
      self->action_label = g_strdup (_("_Look for Engine Again"));
      self->action_name = g_strdup ("app.reload-engine");
      break;

    case DH_ERROR_INSECURE_TRANSPORT:
      self->title = g_strdup (_("The Login Would Travel Unencrypted"));
      break;

    case DH_ERROR_UNVERIFIED_ENGINE:
      /* The engine's message says which engine and how to fix it. */
      self->title = g_strdup (_("The Engine Is Not Verified, So Your Login Is Not Passed to It"));
      break;

    case DH_ERROR_INVALID_REFERENCE:
      self->title = g_strdup (_("Invalid Image Name"));
      break;

    default:
      self->title = g_strdup (push ? _("Push Failed") : _("Pull Failed"));
      set_retry (self);
      break;
    }

  return g_steal_pointer (&self);
}

void
dh_error_presentation_free (DhErrorPresentation *self)
{
  if (self == NULL)
    return;

  g_free (self->title);
  g_free (self->explanation);
  g_free (self->detail);
  g_free (self->fix);
  g_free (self->action_label);
  g_free (self->action_name);
  g_clear_pointer (&self->action_target, g_variant_unref);
  g_free (self);
}
