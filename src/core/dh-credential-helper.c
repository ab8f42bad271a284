/* dh-credential-helper.c
 *
 * Copyright 2026 The Dockhand Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "dh-credential-helper"

#include "config.h"

#include <string.h>

#include <json-glib/json-glib.h>

#include "dh-credential-helper.h"
#include "dh-host-command.h"
#include "dh-credential-helper-private.h"
#include "dh-http-private.h"

/* docker-credential-helpers `credentials.NewErrCredentialsNotFound()`:
 * printed on stdout with exit status 1 when nothing is stored. */
#define NOT_FOUND_MESSAGE "credentials not found in native keychain"

typedef enum
{
  ACTION_GET,
  ACTION_LIST,
} Action;

typedef struct
{
  Action       action;
  char        *program;
  char        *server;
  GSubprocess *subprocess;
  guint        timeout_id;
  gboolean     timed_out;
} HelperRun;

static void
helper_run_free (HelperRun *run)
{
  g_clear_handle_id (&run->timeout_id, g_source_remove);
  g_clear_pointer (&run->program, g_free);
  g_clear_pointer (&run->server, g_free);
  g_clear_object (&run->subprocess);
  g_free (run);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (HelperRun, helper_run_free)

/* Stdout of `get` holds the secret: own the buffer so it can be wiped. */
typedef struct
{
  char  *data;
  gsize  len;
} Buffer;

static void
buffer_wipe (Buffer *buffer)
{
  if (buffer->data != NULL)
    {
      explicit_bzero (buffer->data, buffer->len);
      g_clear_pointer (&buffer->data, g_free);
    }
  buffer->len = 0;
}

static void
wipe_json_strings (JsonObject *object)
{
  JsonObjectIter iter;
  JsonNode *member;

  json_object_iter_init (&iter, object);
  while (json_object_iter_next (&iter, NULL, &member))
    {
      if (JSON_NODE_HOLDS_VALUE (member) && json_node_get_value_type (member) == G_TYPE_STRING)
        {
          char *text = (char *)json_node_get_string (member);

          explicit_bzero (text, strlen (text));
        }
    }
}

static gboolean
helper_timeout_cb (gpointer user_data)
{
  HelperRun *run = user_data;

  run->timeout_id = 0;
  run->timed_out = TRUE;
  /* Closing its pipes by killing it completes the pending communicate. */
  g_subprocess_force_exit (run->subprocess);

  return G_SOURCE_REMOVE;
}

static DhCredential *
parse_get_output (HelperRun  *run,
                  Buffer     *output,
                  GError    **error)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  DhCredential *credential = NULL;
  JsonObject *object;
  JsonNode *root;
  const char *username;
  const char *secret;

  if (!json_parser_load_from_data (parser, output->data, output->len, NULL) ||
      !(root = json_parser_get_root (parser)) ||
      !JSON_NODE_HOLDS_OBJECT (root))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                   "%s get did not print a JSON object", run->program);
      return NULL;
    }

  object = json_node_get_object (root);
  if (_dh_json_member_is_wrong_type (object, "Username") ||
      _dh_json_member_is_wrong_type (object, "Secret"))
    {
      g_warning ("%s get answered for %s with a “Username” or “Secret” that is not a string; "
                 "ignoring it", run->program, run->server);
      wipe_json_strings (object);
      return NULL;
    }

  username = _dh_json_get_string (object, "Username");
  secret = _dh_json_get_string (object, "Secret");

  if (username == NULL || *username == '\0' || secret == NULL || *secret == '\0')
    g_debug ("%s get answered without a user name or secret for %s", run->program, run->server);
  else
    {
      credential = dh_credential_new (run->server, username, secret);
      dh_credential_set_source (credential, DH_CREDENTIAL_SOURCE_HELPER);
      dh_credential_set_origin (credential, run->program);
    }

  wipe_json_strings (object);

  return credential;
}

static GHashTable *
parse_list_output (HelperRun  *run,
                   Buffer     *output,
                   GError    **error)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  GHashTable *servers;
  JsonObjectIter iter;
  const char *server;
  JsonNode *member;
  JsonNode *root;

  if (!json_parser_load_from_data (parser, output->data, output->len, NULL) ||
      !(root = json_parser_get_root (parser)) ||
      !JSON_NODE_HOLDS_OBJECT (root))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                   "%s list did not print a JSON object", run->program);
      return NULL;
    }

  servers = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);

  json_object_iter_init (&iter, json_node_get_object (root));
  while (json_object_iter_next (&iter, &server, &member))
    {
      if (JSON_NODE_HOLDS_VALUE (member) && json_node_get_value_type (member) == G_TYPE_STRING)
        g_hash_table_replace (servers, g_strdup (server), g_strdup (json_node_get_string (member)));
    }

  return servers;
}

static void
dh_credential_helper_communicate_cb (GObject      *object,
                                     GAsyncResult *result,
                                     gpointer      user_data)
{
  GSubprocess *subprocess = (GSubprocess *)object;
  g_autoptr(GTask) task = user_data;
  g_autoptr(GBytes) stdout_bytes = NULL;
  g_autoptr(GError) error = NULL;
  HelperRun *run = g_task_get_task_data (task);
  Buffer output = { NULL, 0 };
  gboolean not_found;

  g_assert (G_IS_SUBPROCESS (subprocess));
  g_assert (G_IS_TASK (task));

  g_clear_handle_id (&run->timeout_id, g_source_remove);

  if (!g_subprocess_communicate_finish (subprocess, result, &stdout_bytes, NULL, &error))
    {
      g_subprocess_force_exit (subprocess);
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  if (stdout_bytes != NULL)
    output.data = g_bytes_unref_to_data (g_steal_pointer (&stdout_bytes), &output.len);

  if (run->timed_out)
    {
      buffer_wipe (&output);
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_TIMED_OUT,
                               "%s did not answer within %d seconds",
                               run->program, DH_CREDENTIAL_HELPER_TIMEOUT_SECONDS);
      return;
    }

  if (!g_subprocess_get_successful (subprocess))
    {
      /* On failure the helpers print their error on stdout. Only the
       * well-known "not found" text is looked at; the rest is never
       * logged in case a broken helper echoes what it was given. */
      not_found = output.data != NULL &&
                  g_strstr_len (output.data, output.len, NOT_FOUND_MESSAGE) != NULL;
      buffer_wipe (&output);

      if (not_found && run->action == ACTION_GET)
        g_task_return_pointer (task, NULL, NULL);
      else if (g_subprocess_get_if_exited (subprocess))
        g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_FAILED,
                                 "%s %s exited with status %d",
                                 run->program, run->action == ACTION_GET ? "get" : "list",
                                 g_subprocess_get_exit_status (subprocess));
      else
        g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_FAILED,
                                 "%s %s was killed by a signal",
                                 run->program, run->action == ACTION_GET ? "get" : "list");
      return;
    }

  if (output.data == NULL)
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                               "%s printed nothing", run->program);
      return;
    }

  if (run->action == ACTION_GET)
    {
      DhCredential *credential = parse_get_output (run, &output, &error);

      buffer_wipe (&output);
      if (error != NULL)
        g_task_return_error (task, g_steal_pointer (&error));
      else
        g_task_return_pointer (task, credential, g_object_unref);
    }
  else
    {
      GHashTable *servers = parse_list_output (run, &output, &error);

      buffer_wipe (&output);
      if (servers == NULL)
        g_task_return_error (task, g_steal_pointer (&error));
      else
        g_task_return_pointer (task, servers, (GDestroyNotify)g_hash_table_unref);
    }
}

static gboolean
is_valid_helper_name (const char *helper)
{
  /* The name becomes part of a program name looked up in PATH: no paths. */
  return helper != NULL && *helper != '\0' && strchr (helper, '/') == NULL;
}

static void
helper_run_start (GTask      *task,
                  const char *helper,
                  Action      action,
                  const char *server)
{
  g_autoptr(HelperRun) run = g_new0 (HelperRun, 1);
  g_autoptr(GBytes) input = NULL;
  g_autoptr(GError) error = NULL;
  const char *argv[3];
  g_auto(GStrv) command = NULL;

  if (!is_valid_helper_name (helper))
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                               "“%s” is not a valid credential helper name", helper);
      return;
    }

  run->action = action;
  run->program = g_strconcat ("docker-credential-", helper, NULL);
  run->server = g_strdup (server);

  argv[0] = run->program;
  argv[1] = action == ACTION_GET ? "get" : "list";
  argv[2] = NULL;
  command = dh_host_command_build (argv);

  run->subprocess = g_subprocess_newv ((const char * const *)command,
                                       (G_SUBPROCESS_FLAGS_STDIN_PIPE |
                                        G_SUBPROCESS_FLAGS_STDOUT_PIPE |
                                        G_SUBPROCESS_FLAGS_STDERR_SILENCE),
                                       &error);
  if (run->subprocess == NULL)
    {
      if (g_error_matches (error, G_SPAWN_ERROR, G_SPAWN_ERROR_NOENT))
        g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                                 "%s is not installed (not found in PATH)", run->program);
      else
        g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_FAILED,
                                 "Could not run %s: %s", run->program, error->message);
      return;
    }

  input = server ? g_bytes_new (server, strlen (server)) : g_bytes_new_static ("", 0);
  run->timeout_id = g_timeout_add_seconds (DH_CREDENTIAL_HELPER_TIMEOUT_SECONDS,
                                           helper_timeout_cb, run);

  g_subprocess_communicate_async (run->subprocess, input,
                                  g_task_get_cancellable (task),
                                  dh_credential_helper_communicate_cb,
                                  g_object_ref (task));

  g_task_set_task_data (task, g_steal_pointer (&run), (GDestroyNotify)helper_run_free);
}

/**
 * dh_credential_helper_get_async:
 * @helper: the helper's suffix (`pass` runs `docker-credential-pass`)
 * @server: docker's server key, written to the helper's stdin
 *
 * Asks the helper for the credential of @server. Finish with
 * dh_credential_helper_get_finish().
 */
void
dh_credential_helper_get_async (const char          *helper,
                                const char          *server,
                                GCancellable        *cancellable,
                                GAsyncReadyCallback  callback,
                                gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (helper != NULL);
  g_return_if_fail (server != NULL);
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, dh_credential_helper_get_async);

  helper_run_start (task, helper, ACTION_GET, server);
}

/**
 * dh_credential_helper_get_finish:
 *
 * Returns: (transfer full) (nullable): the credential (source
 *   %DH_CREDENTIAL_SOURCE_HELPER, origin `docker-credential-<helper>`),
 *   or %NULL without an error when the helper has none for the server.
 *   Errors: the helper is not installed (%G_IO_ERROR_NOT_FOUND), failed,
 *   timed out or printed something that is not the protocol's JSON.
 */
DhCredential *
dh_credential_helper_get_finish (GAsyncResult  *result,
                                 GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

void
dh_credential_helper_list_async (const char          *helper,
                                 GCancellable        *cancellable,
                                 GAsyncReadyCallback  callback,
                                 gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (helper != NULL);
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, dh_credential_helper_list_async);

  helper_run_start (task, helper, ACTION_LIST, NULL);
}

/**
 * dh_credential_helper_list_finish:
 *
 * Returns: (transfer full) (element-type utf8 utf8): server (as the
 *   helper spells it) → user name
 */
GHashTable *
dh_credential_helper_list_finish (GAsyncResult  *result,
                                  GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

DhCredential *
_dh_credential_helper_parse_get (const char  *program,
                                 const char  *server,
                                 const char  *data,
                                 gsize        len,
                                 GError     **error)
{
  HelperRun run = { ACTION_GET, (char *)program, (char *)server, NULL, 0, FALSE };
  Buffer output = { (char *)data, len };

  g_return_val_if_fail (program != NULL, NULL);
  g_return_val_if_fail (data != NULL || len == 0, NULL);

  return parse_get_output (&run, &output, error);
}

GHashTable *
_dh_credential_helper_parse_list (const char  *program,
                                  const char  *data,
                                  gsize        len,
                                  GError     **error)
{
  HelperRun run = { ACTION_LIST, (char *)program, NULL, NULL, 0, FALSE };
  Buffer output = { (char *)data, len };

  g_return_val_if_fail (program != NULL, NULL);
  g_return_val_if_fail (data != NULL || len == 0, NULL);

  return parse_list_output (&run, &output, error);
}
