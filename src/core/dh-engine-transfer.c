/* dh-engine-transfer.c
 *
 * Copyright 2026 The Dockhand Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* Push, pull and /auth: the DhEngine calls that carry registry
 * credentials. Push and pull read the engine's progress stream line by
 * line as it arrives and feed it to a DhTransfer; closing the
 * connection is how an engine is told to stop (PROTOCOLS.md §0). */

#define G_LOG_DOMAIN "dh-engine-transfer"

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>
#include <json-glib/json-glib.h>
#include <libsoup/soup.h>

#include "dh-engine-private.h"
#include "dh-error.h"
#include "dh-http-private.h"
#include "dh-login.h"
#include "dh-reference.h"
#include "dh-transfer-private.h"

/* Podman refuses libpod paths below its minimal libpod API version
 * (4.0.0 for podman 4 and 5); the version negotiated for the Docker
 * compatible API is far below that, so libpod calls get their own. */
#define LIBPOD_API_PREFIX "/v4.0.0"

/* An error response is a short {"message": …}; never read more. */
#define ERROR_BODY_MAX (64 * 1024)
#define STREAM_BUFFER_SIZE (64 * 1024)
/* Real stream lines are under 1 KiB; a "line" longer than this is no
 * engine talking, and reading on would grow without bound (a 300 MB
 * stream without a newline once took 608 MB). */
#define STREAM_LINE_MAX (1024 * 1024)

typedef enum
{
  OPERATION_PUSH,
  OPERATION_PULL,
} Operation;

typedef struct
{
  Operation         operation;
  DhTransfer       *transfer;
  DhCredential     *credential;
  DhReference      *reference;
  /* "127.0.0.1:5000/alice/app": what the engine is asked to move. */
  char             *repository;
  /* The tag, or the digest for a pull by digest. */
  char             *tag_or_digest;
  char             *image_name;      /* push: the local image, "repository:tag" */
  SoupMessage      *message;
  GInputStream     *body;
  /* Bytes read but not yet split into lines; never over STREAM_LINE_MAX
   * plus one read. */
  GByteArray       *pending;
  /* The last byte consumed was a \r: a \n right after it ends no line. */
  gboolean          after_cr;
  GByteArray       *error_body;
  JsonParser       *parser;
  GError           *pending_error;
  guint             line_number;
  gboolean          reached_eof;
  /* The connection broke mid-stream (not an EOF). */
  gboolean          stream_broke;
  /* The engine answered a call of this transfer (the inspect before a
   * push): a request that then finds nothing there means it stopped. */
  gboolean          engine_answered;
  /* The engine was pinged after the stream ended short. */
  gboolean          probed;
} TransferData;

static void
transfer_data_free (TransferData *data)
{
  g_clear_object (&data->transfer);
  g_clear_object (&data->credential);
  g_clear_pointer (&data->reference, dh_reference_unref);
  g_clear_pointer (&data->repository, g_free);
  g_clear_pointer (&data->tag_or_digest, g_free);
  g_clear_pointer (&data->image_name, g_free);
  g_clear_object (&data->message);
  g_clear_pointer (&data->pending, g_byte_array_unref);
  g_clear_object (&data->body);
  g_clear_pointer (&data->error_body, g_byte_array_unref);
  g_clear_object (&data->parser);
  g_clear_error (&data->pending_error);
  g_free (data);
}

static gboolean
is_cancellation (const GError *error)
{
  return g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) ||
         g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
}

static void
wipe_string (char *secret)
{
  if (secret != NULL)
    {
      explicit_bzero (secret, strlen (secret));
      g_free (secret);
    }
}

static gboolean
domain_is_docker_hub (const char *domain)
{
  return g_strcmp0 (domain, "docker.io") == 0;
}

/* For messages: "Docker Hub" or the registry's host[:port]. */
static const char *
registry_display_name (TransferData *data)
{
  const char *domain = dh_reference_get_domain (data->reference);

  if (domain_is_docker_hub (domain))
    return _("Docker Hub");

  return domain;
}

/* For messages: the repository in its familiar form ("alice/app",
 * "nginx", "127.0.0.1:5000/app"). */
static char *
repository_display_name (TransferData *data)
{
  const char *domain = dh_reference_get_domain (data->reference);
  const char *path = dh_reference_get_path (data->reference);

  if (domain_is_docker_hub (domain))
    {
      if (g_str_has_prefix (path, "library/") && strchr (path + strlen ("library/"), '/') == NULL)
        return g_strdup (path + strlen ("library/"));
      return g_strdup (path);
    }

  return g_strdup_printf ("%s/%s", domain, path);
}

/* Where the user may push instead, for the "denied" advice:
 * "<user>/app" on Docker Hub, "host:port/<user>/app" elsewhere. */
static char *
suggested_repository (TransferData *data)
{
  const char *domain = dh_reference_get_domain (data->reference);
  const char *path = dh_reference_get_path (data->reference);
  const char *name = strrchr (path, '/');
  const char *user = NULL;

  name = name ? name + 1 : path;

  if (data->credential != NULL && !dh_credential_is_identity_token (data->credential))
    user = dh_credential_get_username (data->credential);
  if (user == NULL || *user == '\0')
    user = _("your-user-name");

  if (domain_is_docker_hub (domain))
    return g_strdup_printf ("%s/%s", user, name);

  return g_strdup_printf ("%s/%s/%s", domain, user, name);
}

/* dh_error_classify_message() plus the phrases only this file meets. */
static DhError
classify_engine_text (const char *text)
{
  g_autofree char *lower = NULL;

  if (text == NULL)
    return DH_ERROR_FAILED;

  lower = g_ascii_strdown (text, -1);

  /* podman: "…: image not known" for a push of a missing local image. */
  if (strstr (lower, "image not known") != NULL)
    return DH_ERROR_NOT_FOUND;

  /* dockerd 20.10 reduces a registry's DENIED error on a blob upload to
   * the bare word. */
  if (g_str_equal (lower, "denied") || g_str_has_suffix (lower, ": denied"))
    return DH_ERROR_DENIED;

  return dh_error_classify_message (text);
}

/* Turns what the engine said into an error that says what happened
 * and what to do, keeping the engine's own words at the end. Errors
 * about the engine itself (gone, missing, cancelled) already say that
 * and are returned unchanged. */
static GError *
explain_error (TransferData *data,
               const GError *error)
{
  g_autofree char *repository = repository_display_name (data);
  const char *registry = registry_display_name (data);
  const char *reference = dh_transfer_get_reference (data->transfer);
  g_autofree char *advice = NULL;
  gboolean push = data->operation == OPERATION_PUSH;
  DhError code;

  if (error->domain == DH_ERROR)
    {
      code = error->code;
      if (code == DH_ERROR_FAILED)
        code = classify_engine_text (error->message);
    }
  else
    code = classify_engine_text (error->message);

  switch (code)
    {
    case DH_ERROR_UNAUTHORIZED:
      if (data->credential != NULL)
        advice = g_strdup_printf (_("The registry %s rejected the login. Log in again with "
                                    "the right user name and password or access token."),
                                  registry);
      else
        advice = g_strdup_printf (_("The registry %s asks for a login. Log in to %s, "
                                    "then try again."),
                                  registry, registry);
      break;

    case DH_ERROR_DENIED:
      if (push)
        {
          g_autofree char *suggestion = suggested_repository (data);

          advice = g_strdup_printf (_("You may not push to the repository “%s”. You can only "
                                      "push to your own namespace, or to one you have been "
                                      "given access to: tag the image as “%s” and push that."),
                                    repository, suggestion);
        }
      else
        advice = g_strdup_printf (_("The repository “%s” does not exist, or you may not pull "
                                    "it. Check the name, or log in with an account that has "
                                    "access to it."),
                                  repository);
      break;

    case DH_ERROR_NOT_FOUND:
      if (push)
        advice = g_strdup_printf (_("There is no local image “%s”. Check the name and tag, "
                                    "or pull or build the image first."),
                                  reference);
      else
        advice = g_strdup_printf (_("%s has no image “%s”. Check the repository name and "
                                    "the tag."),
                                  registry, reference);
      break;

    case DH_ERROR_UNREACHABLE:
      advice = g_strdup_printf (_("Could not reach the registry %s. Check its address, that "
                                  "it is running and your network connection, then try "
                                  "again."),
                                registry);
      break;

    case DH_ERROR_INSECURE_REGISTRY:
      advice = g_strdup_printf (_("The registry %s does not offer a trusted HTTPS connection. "
                                  "If you trust it, add it to the engine's insecure "
                                  "registries (“insecure-registries” in Docker's daemon.json, "
                                  "registries.conf for Podman), restart the engine and try "
                                  "again."),
                                registry);
      break;

    case DH_ERROR_RATE_LIMITED:
      advice = g_strdup_printf (_("%s refuses more requests for now (rate limit). Wait a "
                                  "while and try again; logged-in users get a higher limit."),
                                registry);
      break;

    case DH_ERROR_NO_ENGINE:
    case DH_ERROR_ENGINE_GONE:
    case DH_ERROR_ENGINE_TOO_OLD:
    case DH_ERROR_INVALID_REFERENCE:
    case DH_ERROR_INSECURE_TRANSPORT:
      return g_error_new_literal (DH_ERROR, code, error->message);

    case DH_ERROR_FAILED:
    case DH_ERROR_CONFLICT:
    case DH_ERROR_PROTOCOL:
    case DH_ERROR_KEYRING_LOCKED:
    case DH_ERROR_NO_SECRET_SERVICE:
    case DH_ERROR_TWO_FACTOR_REQUIRED:
    case DH_ERROR_UNSUPPORTED:
    default:
      if (push)
        advice = g_strdup_printf (_("Pushing “%s” failed. Try again; if it fails again, the "
                                    "engine's message below says why."),
                                  reference);
      else
        advice = g_strdup_printf (_("Pulling “%s” failed. Try again; if it fails again, the "
                                    "engine's message below says why."),
                                  reference);
      break;
    }

  return g_error_new (DH_ERROR, code, _("%s\nThe engine said: %s"), advice, error->message);
}

/* Ends the transfer and the task with @error (taken). */
static void
transfer_return_error (GTask  *task,
                       GError *error)
{
  TransferData *data = g_task_get_task_data (task);

  if (!dh_transfer_is_finished (data->transfer))
    {
      if (is_cancellation (error))
        dh_transfer_cancel_stream (data->transfer);
      else
        dh_transfer_fail (data->transfer, error);
    }

  /* _finish reports exactly what the transfer shows. */
  if (dh_transfer_get_error (data->transfer) != NULL)
    {
      g_error_free (error);
      error = g_error_copy (dh_transfer_get_error (data->transfer));
    }

  g_task_return_error (task, error);
}

/* The stream ended (broken, or closed before its last line), not by a
 * cancel and not with an error line: the engine may have died. */
static gboolean
stream_ended_short (GTask *task)
{
  TransferData *data = g_task_get_task_data (task);

  if (data->pending == NULL || dh_transfer_is_finished (data->transfer) ||
      g_cancellable_is_cancelled (g_task_get_cancellable (task)))
    return FALSE;

  if (data->stream_broke)
    return TRUE;

  return data->pending_error == NULL && !_dh_transfer_stream_is_complete (data->transfer);
}

static GError *
engine_stopped_error (DhEngine     *self,
                      TransferData *data)
{
  const char *reference = dh_transfer_get_reference (data->transfer);
  gboolean push = data->operation == OPERATION_PUSH;

  if (_dh_engine_is_podman (self))
    return g_error_new (DH_ERROR, DH_ERROR_ENGINE_GONE,
                        push
                        ? _("The container engine stopped while pushing “%s”. Start Podman again "
                            "(systemctl --user start podman.socket), then push again: layers "
                            "that reached the registry are not sent twice.")
                        : _("The container engine stopped while pulling “%s”. Start Podman again "
                            "(systemctl --user start podman.socket), then pull again: layers "
                            "that finished downloading are kept."),
                        reference);

  return g_error_new (DH_ERROR, DH_ERROR_ENGINE_GONE,
                      push
                      ? _("The container engine stopped while pushing “%s”. Start Docker again "
                          "(sudo systemctl start docker), then push again: layers that reached "
                          "the registry are not sent twice.")
                      : _("The container engine stopped while pulling “%s”. Start Docker again "
                          "(sudo systemctl start docker), then pull again: layers that finished "
                          "downloading are kept."),
                      reference);
}

static void transfer_return_outcome (GTask *task);

static void
probe_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  DhEngine *self = (DhEngine *)object;
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;
  TransferData *data = g_task_get_task_data (task);

  /* Decided by the ping: nothing there (refused, no socket, closed at
   * once) means the engine stopped. An engine that answers, or holds
   * the connection without answering (busy), keeps what the stream
   * said. */
  if (!_dh_engine_probe_finish (self, result, &error) &&
      (g_error_matches (error, DH_ERROR, DH_ERROR_NO_ENGINE) ||
       g_error_matches (error, DH_ERROR, DH_ERROR_ENGINE_GONE)))
    {
      g_debug ("The engine does not answer after the stream of %s ended: %s",
               dh_transfer_get_reference (data->transfer), error->message);
      g_clear_error (&data->pending_error);
      data->pending_error = engine_stopped_error (self, data);
    }

  transfer_return_outcome (g_steal_pointer (&task));
}

/* Ends the task with the transfer's outcome. */
static void
transfer_return_outcome (GTask *task)
{
  TransferData *data = g_task_get_task_data (task);
  const GError *error;

  if (!data->probed && stream_ended_short (task))
    {
      data->probed = TRUE;
      _dh_engine_probe_async (g_task_get_source_object (task), g_task_get_cancellable (task),
                              probe_cb, g_object_ref (task));
      return;
    }

  if (data->pending_error != NULL)
    {
      transfer_return_error (task, g_steal_pointer (&data->pending_error));
      return;
    }

  if (!dh_transfer_is_finished (data->transfer))
    dh_transfer_finish_stream (data->transfer);

  switch (dh_transfer_get_state (data->transfer))
    {
    case DH_TRANSFER_STATE_SUCCEEDED:
      g_task_return_boolean (task, TRUE);
      return;

    case DH_TRANSFER_STATE_CANCELLED:
      error = dh_transfer_get_error (data->transfer);
      if (error != NULL)
        g_task_return_error (task, g_error_copy (error));
      else
        g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_CANCELLED,
                                 "%s", _("The transfer was cancelled."));
      return;

    case DH_TRANSFER_STATE_RUNNING:
    case DH_TRANSFER_STATE_FAILED:
    default:
      error = dh_transfer_get_error (data->transfer);
      if (error != NULL)
        g_task_return_error (task, g_error_copy (error));
      else
        g_task_return_new_error (task, DH_ERROR, DH_ERROR_PROTOCOL, "%s",
                                 _("The engine ended the transfer without saying whether it "
                                   "worked. Try again."));
      return;
    }
}

static void
stream_closed_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;

  /* A close that gave up on the rest of the body reports CANCELLED:
   * that is how the connection is dropped, not a failure. */
  if (!g_input_stream_close_finish (G_INPUT_STREAM (object), result, &error) &&
      !is_cancellation (error))
    g_debug ("Closing the engine stream: %s", error->message);

  transfer_return_outcome (task);
}

/* Closes the response stream, then finishes the task. libsoup's close
 * reads the rest of the body unless its cancellable is cancelled; with
 * a cancelled one it drops the connection instead, which is what makes
 * the engine abort a push or pull (PROTOCOLS.md §0). */
static void
close_stream_and_return (GTask *task)
{
  TransferData *data = g_task_get_task_data (task);
  g_autoptr(GCancellable) abandon = NULL;

  if (data->body == NULL)
    {
      transfer_return_outcome (task);
      return;
    }

  if (!data->reached_eof)
    {
      abandon = g_cancellable_new ();
      g_cancellable_cancel (abandon);
    }

  g_input_stream_close_async (data->body,
                              G_PRIORITY_DEFAULT,
                              abandon,
                              stream_closed_cb,
                              g_object_ref (task));
}

/* Returns TRUE for an error line ({"errorDetail"…} or {"error": …}),
 * after keeping its explained error for the end of the stream; other
 * lines go to the transfer's parser. */
static gboolean
handle_error_line (TransferData *data,
                   const char   *line,
                   gsize         len)
{
  g_autoptr(GError) parse_error = NULL;
  g_autoptr(GError) engine_error = NULL;
  JsonObject *object;
  JsonNode *root;
  const char *message = NULL;

  /* Cheap test first: almost every line is progress. */
  if (g_strstr_len (line, len, "\"error") == NULL)
    return FALSE;

  if (data->parser == NULL)
    data->parser = json_parser_new_immutable ();

  if (!json_parser_load_from_data (data->parser, line, len, &parse_error))
    return FALSE;

  root = json_parser_get_root (data->parser);
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    return FALSE;

  object = json_node_get_object (root);

  if (json_object_has_member (object, "errorDetail"))
    {
      JsonNode *detail = json_object_get_member (object, "errorDetail");

      if (JSON_NODE_HOLDS_OBJECT (detail))
        {
          JsonObject *detail_object = json_node_get_object (detail);
          JsonNode *node = json_object_get_member (detail_object, "message");

          if (node != NULL && JSON_NODE_HOLDS_VALUE (node) &&
              json_node_get_value_type (node) == G_TYPE_STRING)
            message = json_node_get_string (node);
        }
    }

  if (message == NULL && json_object_has_member (object, "error"))
    {
      JsonNode *node = json_object_get_member (object, "error");

      if (JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING)
        message = json_node_get_string (node);
    }

  if (message == NULL || *message == '\0')
    return FALSE;

  engine_error = g_error_new_literal (DH_ERROR, classify_engine_text (message), message);

  /* The first error is the cause; later ones are consequences. */
  if (data->pending_error == NULL)
    data->pending_error = explain_error (data, engine_error);

  return TRUE;
}

static void read_next_line (GTask *task);

/* One line of the stream (without its end), as GDataInputStream's
 * NEWLINE_TYPE_ANY would give it. */
static void
handle_line (TransferData *data,
             char         *line,
             gsize         len)
{
  data->line_number++;

  /* Docker ends lines with \r\n and may send blank keep-alive lines. */
  line[len] = '\0';
  g_strstrip (line);
  len = strlen (line);
  if (len > 0 && !handle_error_line (data, line, len) && data->pending_error == NULL)
    {
      g_autoptr(GError) line_error = NULL;

      /* Never log the line itself: keep secrets and noise out of logs. */
      if (!dh_transfer_apply_line (data->transfer, line, len, &line_error))
        g_debug ("Ignoring stream line %u (%zu bytes): %s",
                 data->line_number, len, line_error ? line_error->message : "not understood");
    }
}

/* Splits what is pending into lines (\n, \r\n or \r end one) and keeps
 * the unfinished rest. */
static void
split_pending_lines (TransferData *data)
{
  guint8 *bytes = data->pending->data;
  gsize n = data->pending->len;
  gsize start = 0;

  for (gsize i = 0; i < n; i++)
    {
      if (bytes[i] == '\n' && data->after_cr && i == start)
        {
          /* The \n of a \r\n whose \r ended the previous line. */
          data->after_cr = FALSE;
          start = i + 1;
          continue;
        }

      data->after_cr = FALSE;
      if (bytes[i] != '\n' && bytes[i] != '\r')
        continue;

      data->after_cr = bytes[i] == '\r';
      handle_line (data, (char *)bytes + start, i - start);
      start = i + 1;
    }

  g_byte_array_remove_range (data->pending, 0, start);
}

static void
chunk_read_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  TransferData *data = g_task_get_task_data (task);
  DhEngine *self = g_task_get_source_object (task);
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) chunk = NULL;

  chunk = g_input_stream_read_bytes_finish (G_INPUT_STREAM (object), result, &error);

  if (chunk == NULL)
    {
      if (is_cancellation (error))
        {
          dh_transfer_cancel_stream (data->transfer);
        }
      else if (data->pending_error == NULL)
        {
          /* The connection broke in the middle of the stream. */
          data->pending_error = _dh_engine_error_from_transport (self, error);
          data->stream_broke = TRUE;
        }

      close_stream_and_return (task);
      return;
    }

  if (g_bytes_get_size (chunk) == 0)
    {
      /* The last line may come without its end. */
      if (data->pending->len > 0)
        {
          g_byte_array_append (data->pending, (const guint8 *)"", 1);
          handle_line (data, (char *)data->pending->data, data->pending->len - 1);
          g_byte_array_set_size (data->pending, 0);
        }
      data->reached_eof = TRUE;
      close_stream_and_return (task);
      return;
    }

  g_byte_array_append (data->pending, g_bytes_get_data (chunk, NULL), g_bytes_get_size (chunk));
  split_pending_lines (data);

  if (data->pending->len > STREAM_LINE_MAX && data->pending_error == NULL)
    {
      /* Closing the connection makes the engine abort the push or pull. */
      data->pending_error =
        g_error_new (DH_ERROR, DH_ERROR_PROTOCOL,
                     _("The engine sent a progress line longer than %u MiB, which no Docker "
                     "or Podman engine does, so Dockhand stopped the transfer. Check that "
                     "the engine address points to a Docker or Podman engine."),
                     (guint)(STREAM_LINE_MAX / (1024 * 1024)));
      g_byte_array_set_size (data->pending, 0);
      close_stream_and_return (task);
      return;
    }

  read_next_line (g_steal_pointer (&task));
}

static void
read_next_line (GTask *task)
{
  TransferData *data = g_task_get_task_data (task);

  g_input_stream_read_bytes_async (data->body,
                                   STREAM_BUFFER_SIZE,
                                   G_PRIORITY_DEFAULT,
                                   g_task_get_cancellable (task),
                                   chunk_read_cb,
                                   task);
}

static void
error_body_read_cb (GObject      *object,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  TransferData *data = g_task_get_task_data (task);
  DhEngine *self = g_task_get_source_object (task);
  g_autoptr(GError) error = NULL;
  g_autoptr(GError) response_error = NULL;
  g_autoptr(GBytes) chunk = NULL;
  g_autoptr(GBytes) body = NULL;
  g_autofree char *engine_said = NULL;

  chunk = g_input_stream_read_bytes_finish (G_INPUT_STREAM (object), result, &error);

  if (chunk == NULL && is_cancellation (error))
    {
      dh_transfer_cancel_stream (data->transfer);
      close_stream_and_return (task);
      return;
    }

  /* On a read error, explain the HTTP status with what was read. */
  if (chunk != NULL && g_bytes_get_size (chunk) == 0)
    data->reached_eof = TRUE;

  if (chunk != NULL && g_bytes_get_size (chunk) > 0)
    {
      g_byte_array_append (data->error_body,
                           g_bytes_get_data (chunk, NULL),
                           g_bytes_get_size (chunk));

      if (data->error_body->len < ERROR_BODY_MAX)
        {
          g_input_stream_read_bytes_async (data->body,
                                           ERROR_BODY_MAX - data->error_body->len,
                                           G_PRIORITY_DEFAULT,
                                           g_task_get_cancellable (task),
                                           error_body_read_cb,
                                           g_object_ref (task));
          return;
        }
    }

  body = g_bytes_new (data->error_body->data, data->error_body->len);
  response_error = _dh_engine_error_from_response (self, data->message, body);
  engine_said = _dh_engine_extract_message (body);
  if (engine_said != NULL)
    _dh_transfer_set_engine_refusal (data->transfer, engine_said, _dh_engine_is_podman (self));
  data->pending_error = explain_error (data, response_error);
  close_stream_and_return (task);
}

static void
message_sent_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  TransferData *data = g_task_get_task_data (task);
  DhEngine *self = g_task_get_source_object (task);
  g_autoptr(GError) error = NULL;

  data->body = soup_session_send_finish (SOUP_SESSION (object), result, &error);

  if (data->body == NULL)
    {
      g_autoptr(GError) transport = _dh_engine_error_from_transport (self, error);

      if (data->engine_answered &&
          (g_error_matches (transport, DH_ERROR, DH_ERROR_NO_ENGINE) ||
           g_error_matches (transport, DH_ERROR, DH_ERROR_ENGINE_GONE)))
        transfer_return_error (task, engine_stopped_error (self, data));
      else
        transfer_return_error (task, g_steal_pointer (&transport));
      return;
    }

  if (!SOUP_STATUS_IS_SUCCESSFUL (soup_message_get_status (data->message)))
    {
      data->error_body = g_byte_array_new ();
      g_input_stream_read_bytes_async (data->body,
                                       ERROR_BODY_MAX,
                                       G_PRIORITY_DEFAULT,
                                       g_task_get_cancellable (task),
                                       error_body_read_cb,
                                       g_object_ref (task));
      return;
    }

  data->pending = g_byte_array_sized_new (STREAM_BUFFER_SIZE);

  read_next_line (g_steal_pointer (&task));
}

/* Moves libpod paths to the libpod API version (see LIBPOD_API_PREFIX). */
static void
use_libpod_api_version (SoupMessage *message)
{
  GUri *uri = soup_message_get_uri (message);
  const char *path = g_uri_get_path (uri);
  const char *libpod = strstr (path, "/libpod/");
  g_autofree char *new_path = NULL;
  g_autoptr(GUri) new_uri = NULL;

  g_assert (libpod != NULL);

  new_path = g_strconcat (LIBPOD_API_PREFIX, libpod, NULL);
  new_uri = g_uri_build (g_uri_get_flags (uri),
                         g_uri_get_scheme (uri),
                         g_uri_get_userinfo (uri),
                         g_uri_get_host (uri),
                         g_uri_get_port (uri),
                         new_path,
                         g_uri_get_query (uri),
                         g_uri_get_fragment (uri));
  soup_message_set_uri (message, new_uri);
}

static SoupMessage *
build_message (DhEngine     *self,
               TransferData *data)
{
  g_autoptr(GHashTable) query = g_hash_table_new (g_str_hash, g_str_equal);
  g_autofree char *path = NULL;
  g_autofree char *full_name = NULL;
  /* Plain HTTP is only ever allowed to loopback registries. */
  gboolean loopback = dh_reference_is_on_this_computer (data->reference);
  SoupMessage *message;

  if (data->operation == OPERATION_PUSH && _dh_engine_is_podman (self))
    {
      /* The compat push only reports the first and last line; the
       * libpod push reports every blob (PROTOCOLS.md §0). quiet=false
       * because podman 4 stays silent by default. */
      full_name = g_strdup_printf ("%s:%s", data->repository, data->tag_or_digest);
      path = g_strdup_printf ("/libpod/images/%s/push", full_name);
      g_hash_table_insert (query, (char *)"destination", full_name);
      g_hash_table_insert (query, (char *)"quiet", (char *)"false");
      if (loopback)
        g_hash_table_insert (query, (char *)"tlsVerify", (char *)"false");

      message = _dh_engine_new_message (self, "POST", path, query);
      use_libpod_api_version (message);
      return message;
    }

  if (data->operation == OPERATION_PUSH)
    {
      path = g_strdup_printf ("/images/%s/push", data->repository);
      g_hash_table_insert (query, (char *)"tag", data->tag_or_digest);
      return _dh_engine_new_message (self, "POST", path, query);
    }

  if (_dh_engine_is_podman (self))
    {
      /* The libpod pull reports a row per blob ("Copying blob …") and
       * a completion marker, and honours tlsVerify; podman 4's compat
       * pull has no byte counts either, no end marker, and ignores
       * tlsVerify (PROTOCOLS.md §0, §1.5). */
      full_name = g_strdup_printf ("%s%c%s", data->repository,
                                   dh_reference_get_digest (data->reference) ? '@' : ':',
                                   data->tag_or_digest);
      g_hash_table_insert (query, (char *)"reference", full_name);
      g_hash_table_insert (query, (char *)"policy", (char *)"always");
      if (loopback)
        g_hash_table_insert (query, (char *)"tlsVerify", (char *)"false");

      message = _dh_engine_new_message (self, "POST", "/libpod/images/pull", query);
      use_libpod_api_version (message);
      return message;
    }

  g_hash_table_insert (query, (char *)"fromImage", data->repository);
  g_hash_table_insert (query, (char *)"tag", data->tag_or_digest);
  return _dh_engine_new_message (self, "POST", "/images/create", query);
}

static char *
registry_auth_for (TransferData *data)
{
  if (data->credential != NULL)
    return dh_credential_to_registry_auth (data->credential);

  return dh_registry_auth_anonymous ();
}

/* libsoup hands out its own copy of a header's value; zero it before
 * dropping it, so that the secret does not linger in freed memory. */
static void
wipe_registry_auth_cb (SoupMessage *message,
                       gpointer     user_data)
{
  SoupMessageHeaders *headers = soup_message_get_request_headers (message);
  const char *value;

  while ((value = soup_message_headers_get_one (headers, "X-Registry-Auth")) != NULL)
    {
      explicit_bzero ((char *)value, strlen (value));
      soup_message_headers_remove (headers, "X-Registry-Auth");
    }
}

static void
transfer_send (DhEngine *self,
               GTask    *task)
{
  TransferData *data = g_task_get_task_data (task);
  char *registry_auth;

  data->message = build_message (self, data);

  /* Always sent: dockerd requires it for push, and "{}" is anonymous. */
  registry_auth = registry_auth_for (data);
  soup_message_headers_replace (soup_message_get_request_headers (data->message),
                                "X-Registry-Auth", registry_auth);
  wipe_string (registry_auth);
  if (data->credential != NULL)
    _dh_engine_mark_credentials (data->message);
  /* The message lives as long as the transfer: wipe its copy of the
   * header once it is on the wire. */
  g_signal_connect (data->message, "wrote-headers", G_CALLBACK (wipe_registry_auth_cb), NULL);

  g_debug ("%s %s", data->operation == OPERATION_PUSH ? "Pushing" : "Pulling",
           dh_transfer_get_reference (data->transfer));

  soup_session_send_async (_dh_engine_get_session (self),
                           data->message,
                           G_PRIORITY_DEFAULT,
                           g_task_get_cancellable (task),
                           message_sent_cb,
                           g_object_ref (task));
}

/* The diff ID of an empty tar (a layer that changes nothing): no history
 * entry gives it a size. */
#define EMPTY_LAYER_DIFF_ID "sha256:5f70bf18a086007016e948b04aed3b82103a36bea41755b6cddfaf10ace3c6ef"

/* What a push will move, known before it starts (PROTOCOLS.md §1.4):
 * Docker's graphdriver store and Podman name each layer by its diff ID
 * (RootFS.Layers) and count its uncompressed tar stream, whose size the
 * history gives each layer that is not empty (newest first). When the
 * history does not line up with the layers, only the image's size is
 * known. */
static void
expect_push_layers (DhTransfer           *transfer,
                    const DhImageDetails *details,
                    GPtrArray            *history)
{
  g_autoptr(GArray) sizes = g_array_new (FALSE, FALSE, sizeof (gint64));
  guint n_layers = details->layers ? g_strv_length (details->layers) : 0;
  guint n_sized = 0;
  guint next = 0;

  for (guint i = history ? history->len : 0; i-- > 0;)
    {
      const DhImageHistoryEntry *entry = g_ptr_array_index (history, i);

      if (entry->size > 0)
        g_array_append_val (sizes, entry->size);
    }

  for (guint i = 0; i < n_layers; i++)
    if (g_strcmp0 (details->layers[i], EMPTY_LAYER_DIFF_ID) != 0)
      n_sized++;

  if (n_sized != sizes->len)
    {
      for (guint i = 0; i < n_layers; i++)
        dh_transfer_expect_layer (transfer, details->layers[i], -1);
      dh_transfer_expect_total_bytes (transfer, details->size);
      return;
    }

  for (guint i = 0; i < n_layers; i++)
    {
      gint64 size = -1;

      if (g_strcmp0 (details->layers[i], EMPTY_LAYER_DIFF_ID) != 0)
        size = g_array_index (sizes, gint64, next++);
      dh_transfer_expect_layer (transfer, details->layers[i], size);
    }
}

typedef struct
{
  GTask          *task;
  DhImageDetails *details;
} PushLookup;

static void
push_history_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  DhEngine *self = DH_ENGINE (object);
  PushLookup *lookup = user_data;
  g_autoptr(GTask) task = lookup->task;
  g_autoptr(DhImageDetails) details = lookup->details;
  g_autoptr(GPtrArray) history = NULL;
  g_autoptr(GError) error = NULL;
  TransferData *data = g_task_get_task_data (task);

  g_free (lookup);

  history = dh_engine_image_history_finish (self, result, &error);
  if (history == NULL)
    g_debug ("No history for %s: %s", dh_transfer_get_reference (data->transfer), error->message);

  if (!dh_transfer_is_finished (data->transfer))
    expect_push_layers (data->transfer, details, history);

  transfer_send (self, task);
}

static void
push_inspected_cb (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  DhEngine *self = DH_ENGINE (object);
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;
  TransferData *data = g_task_get_task_data (task);
  DhImageDetails *details;
  PushLookup *lookup;

  /* A missing image is for the push itself to report, in its words. */
  details = dh_engine_inspect_image_finish (self, result, &error);
  if (details == NULL)
    {
      g_debug ("Could not inspect %s before pushing it: %s",
               dh_transfer_get_reference (data->transfer), error->message);
      transfer_send (self, task);
      return;
    }

  data->engine_answered = TRUE;
  lookup = g_new0 (PushLookup, 1);
  lookup->task = g_steal_pointer (&task);
  lookup->details = details;
  dh_engine_image_history_async (self, data->image_name, g_task_get_cancellable (lookup->task),
                                 push_history_cb, lookup);
}

static void
transfer_connected_cb (GObject      *object,
                       GAsyncResult *result,
                       gpointer      user_data)
{
  DhEngine *self = DH_ENGINE (object);
  g_autoptr(GTask) task = user_data;
  TransferData *data = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;

  if (!_dh_engine_ensure_connected_finish (self, result, &error))
    {
      transfer_return_error (task, g_steal_pointer (&error));
      return;
    }

  /* Credentials never cross a plain tcp:// connection to the engine. */
  if (data->credential != NULL && !_dh_engine_check_credentials_allowed (self, &error))
    {
      transfer_return_error (task, g_steal_pointer (&error));
      return;
    }

  /* The local image says what the push will move before it starts. */
  if (data->operation == OPERATION_PUSH)
    {
      GCancellable *cancellable = g_task_get_cancellable (task);

      data->image_name = g_strdup_printf ("%s:%s", data->repository, data->tag_or_digest);
      dh_engine_inspect_image_async (self, data->image_name, cancellable,
                                     push_inspected_cb, g_steal_pointer (&task));
      return;
    }

  transfer_send (self, task);
}

/* Checks the request before anything is sent; returns FALSE and sets
 * @error when it cannot be made. */
static gboolean
prepare_transfer (TransferData  *data,
                  GError       **error)
{
  const char *text = dh_transfer_get_reference (data->transfer);
  const char *tag;
  const char *digest;

  data->reference = dh_reference_parse (text, error);
  if (data->reference == NULL)
    return FALSE;

  tag = dh_reference_get_tag (data->reference);
  digest = dh_reference_get_digest (data->reference);

  data->repository = g_strdup_printf ("%s/%s",
                                      dh_reference_get_domain (data->reference),
                                      dh_reference_get_path (data->reference));

  if (data->operation == OPERATION_PUSH)
    {
      if (digest != NULL)
        {
          g_set_error (error, DH_ERROR, DH_ERROR_INVALID_REFERENCE,
                       _("“%s” names an image by digest, and a push needs a tag. Tag the "
                         "image (for example “%s:latest”) and push the tag."),
                       text, data->repository);
          return FALSE;
        }
      /* One tag only: without one the engine would push every tag. */
      data->tag_or_digest = g_strdup (tag ? tag : "latest");
    }
  else
    {
      /* Digest wins over tag; without either, "latest", never all tags. */
      data->tag_or_digest = g_strdup (digest ? digest : tag ? tag : "latest");
    }

  /* The engine hands X-Registry-Auth to whichever registry the image
   * names: never give it another registry's secret. */
  if (data->credential != NULL)
    {
      g_autofree char *wanted = dh_server_key_for_domain (dh_reference_get_domain (data->reference));
      g_autofree char *given = dh_server_key_for (dh_credential_get_server (data->credential));

      if (g_ascii_strcasecmp (wanted, given) != 0)
        {
          g_set_error (error, DH_ERROR, DH_ERROR_UNAUTHORIZED,
                       _("The login for %s cannot be used for %s. Log in to %s, then try "
                         "again."),
                       dh_credential_get_server (data->credential),
                       registry_display_name (data),
                       registry_display_name (data));
          return FALSE;
        }
    }

  return TRUE;
}

static void
transfer_start (DhEngine            *self,
                Operation            operation,
                DhTransfer          *transfer,
                DhCredential        *credential,
                GCancellable        *cancellable,
                GAsyncReadyCallback  callback,
                gpointer             user_data,
                gpointer             source_tag)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GError) error = NULL;
  TransferData *data;

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, source_tag);
  /* Errors, cancellation included, are DH_ERROR: let them through. */
  g_task_set_check_cancellable (task, FALSE);

  data = g_new0 (TransferData, 1);
  data->operation = operation;
  data->transfer = g_object_ref (transfer);
  data->credential = credential ? g_object_ref (credential) : NULL;
  g_task_set_task_data (task, data, (GDestroyNotify)transfer_data_free);

  if (!prepare_transfer (data, &error))
    {
      transfer_return_error (task, g_steal_pointer (&error));
      return;
    }

  _dh_engine_ensure_connected_async (self, cancellable, transfer_connected_cb,
                                     g_steal_pointer (&task));
}

static gboolean
transfer_finish (DhEngine      *self,
                 GAsyncResult  *result,
                 gpointer       source_tag,
                 GError       **error)
{
  g_return_val_if_fail (DH_IS_ENGINE (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == source_tag, FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/**
 * dh_engine_push_async:
 * @self: a #DhEngine
 * @transfer: a running push transfer; its reference names one tag
 *   (`latest` when it names none)
 * @credential: (nullable): the login for the reference's registry
 *
 * Pushes one tag and feeds @transfer with the engine's progress as it
 * arrives. On Podman the libpod endpoint is used for per-blob rows.
 */
void
dh_engine_push_async (DhEngine            *self,
                      DhTransfer          *transfer,
                      DhCredential        *credential,
                      GCancellable        *cancellable,
                      GAsyncReadyCallback  callback,
                      gpointer             user_data)
{
  g_return_if_fail (DH_IS_ENGINE (self));
  g_return_if_fail (DH_IS_TRANSFER (transfer));
  g_return_if_fail (dh_transfer_get_kind (transfer) == DH_TRANSFER_KIND_PUSH);
  g_return_if_fail (!dh_transfer_is_finished (transfer));
  g_return_if_fail (!credential || DH_IS_CREDENTIAL (credential));
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  transfer_start (self, OPERATION_PUSH, transfer, credential,
                  cancellable, callback, user_data, dh_engine_push_async);
}

/**
 * dh_engine_push_finish:
 *
 * Returns: %TRUE when the push succeeded; otherwise %FALSE with the
 *   transfer's error (%G_IO_ERROR_CANCELLED when it was cancelled).
 */
gboolean
dh_engine_push_finish (DhEngine      *self,
                       GAsyncResult  *result,
                       GError       **error)
{
  return transfer_finish (self, result, dh_engine_push_async, error);
}

/**
 * dh_engine_pull_async:
 * @self: a #DhEngine
 * @transfer: a running pull transfer; its reference names one tag or
 *   digest (`latest` when it names neither: never all tags)
 * @credential: (nullable): the login for the reference's registry
 */
void
dh_engine_pull_async (DhEngine            *self,
                      DhTransfer          *transfer,
                      DhCredential        *credential,
                      GCancellable        *cancellable,
                      GAsyncReadyCallback  callback,
                      gpointer             user_data)
{
  g_return_if_fail (DH_IS_ENGINE (self));
  g_return_if_fail (DH_IS_TRANSFER (transfer));
  g_return_if_fail (dh_transfer_get_kind (transfer) == DH_TRANSFER_KIND_PULL);
  g_return_if_fail (!dh_transfer_is_finished (transfer));
  g_return_if_fail (!credential || DH_IS_CREDENTIAL (credential));
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  transfer_start (self, OPERATION_PULL, transfer, credential,
                  cancellable, callback, user_data, dh_engine_pull_async);
}

gboolean
dh_engine_pull_finish (DhEngine      *self,
                       GAsyncResult  *result,
                       GError       **error)
{
  return transfer_finish (self, result, dh_engine_pull_async, error);
}

/* /auth */

typedef struct
{
  DhCredential      *credential;
  SoupMessage       *message;
  DhEngineCallTimer *timer;
} AuthData;

static void
auth_data_free (AuthData *data)
{
  g_clear_object (&data->credential);
  g_clear_object (&data->message);
  g_clear_pointer (&data->timer, _dh_engine_call_timer_free);
  g_free (data);
}

static void
wipe_bytes_cb (gpointer json)
{
  wipe_string (json);
}

/* Podman's compat /auth forces TLS verification, ignoring its
 * registries.conf, except for addresses starting with "localhost:"
 * (podman compat/auth.go); for the same loopback registry, say
 * "localhost" so that an insecure local registry can be checked. */
static char *
auth_server_address (DhEngine     *self,
                     DhCredential *credential)
{
  const char *server = dh_credential_get_server (credential);

  if (_dh_engine_is_podman (self) && g_str_has_prefix (server, "127.0.0.1:"))
    return g_strconcat ("localhost", server + strlen ("127.0.0.1"), NULL);

  return g_strdup (server);
}

static GBytes *
auth_request_body (DhEngine     *self,
                   DhCredential *credential)
{
  g_autofree char *server_address = auth_server_address (self, credential);
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(JsonNode) root = NULL;
  char *json;
  gsize len;

  json_builder_begin_object (builder);
  if (dh_credential_is_identity_token (credential))
    {
      json_builder_set_member_name (builder, "identitytoken");
      json_builder_add_string_value (builder, dh_credential_get_secret (credential));
    }
  else
    {
      json_builder_set_member_name (builder, "username");
      json_builder_add_string_value (builder, dh_credential_get_username (credential));
      json_builder_set_member_name (builder, "password");
      json_builder_add_string_value (builder, dh_credential_get_secret (credential));
    }
  json_builder_set_member_name (builder, "serveraddress");
  json_builder_add_string_value (builder, server_address);
  json_builder_end_object (builder);

  root = json_builder_get_root (builder);
  json_generator_set_root (generator, root);
  json = json_generator_to_data (generator, &len);

  /* The builder's copies of the secret go now; the serialised request
   * is zeroed once sent. */
  _dh_json_wipe_strings (root);
  return g_bytes_new_with_free_func (json, len, wipe_bytes_cb, json);
}

static GError *
explain_auth_error (DhCredential *credential,
                    const GError *error)
{
  const char *server = dh_credential_get_server (credential);
  const char *registry = dh_credential_is_docker_hub (credential) ? _("Docker Hub") : server;
  DhError code = error->domain == DH_ERROR ? (DhError)error->code : DH_ERROR_FAILED;
  g_autofree char *advice = NULL;

  if (code == DH_ERROR_FAILED)
    code = classify_engine_text (error->message);

  /* Docker Hub's registry refuses the password of an account that must
   * use a token with "unauthorized: your account must log in with a
   * Personal Access Token (PAT)": the registry's words, passed on by the
   * engine (@error holds the engine's message as it was sent). */
  if (dh_credential_is_docker_hub (credential) &&
      (code == DH_ERROR_UNAUTHORIZED || code == DH_ERROR_DENIED))
    {
      g_autofree char *lower = g_ascii_strdown (error->message, -1);

      if (strstr (lower, "must log in with a personal access token") != NULL)
        return g_error_new (DH_ERROR, DH_ERROR_TWO_FACTOR_REQUIRED,
                            _("Docker Hub wants a personal access token for this account, "
                              "not its password. Create one at %s and enter it as the "
                              "password.\nThe engine said: %s"),
                            DH_DOCKER_HUB_TOKENS_URL, error->message);
    }

  switch (code)
    {
    case DH_ERROR_UNAUTHORIZED:
    case DH_ERROR_DENIED:
      code = DH_ERROR_UNAUTHORIZED;
      advice = g_strdup_printf (_("The registry %s rejected the login. Check the user name "
                                  "and the password or access token, then try again."),
                                registry);
      break;

    case DH_ERROR_UNREACHABLE:
      advice = g_strdup_printf (_("Could not reach the registry %s. Check its address, that "
                                  "it is running and your network connection, then try "
                                  "again."),
                                registry);
      break;

    case DH_ERROR_INSECURE_REGISTRY:
      advice = g_strdup_printf (_("The registry %s does not offer a trusted HTTPS "
                                  "connection. If you trust it, add it to the engine's "
                                  "insecure registries, restart the engine and try again."),
                                registry);
      break;

    case DH_ERROR_RATE_LIMITED:
      advice = g_strdup_printf (_("%s refuses more requests for now (rate limit). Wait a "
                                  "while and try again."),
                                registry);
      break;

    case DH_ERROR_NO_ENGINE:
    case DH_ERROR_ENGINE_GONE:
    case DH_ERROR_ENGINE_TOO_OLD:
    case DH_ERROR_INSECURE_TRANSPORT:
      return g_error_new_literal (DH_ERROR, code, error->message);

    case DH_ERROR_FAILED:
    case DH_ERROR_NOT_FOUND:
    case DH_ERROR_CONFLICT:
    case DH_ERROR_INVALID_REFERENCE:
    case DH_ERROR_PROTOCOL:
    case DH_ERROR_KEYRING_LOCKED:
    case DH_ERROR_NO_SECRET_SERVICE:
    case DH_ERROR_TWO_FACTOR_REQUIRED:
    case DH_ERROR_UNSUPPORTED:
    default:
      advice = g_strdup_printf (_("Logging in to %s failed. Check the registry address and "
                                  "try again."),
                                registry);
      break;
    }

  return g_error_new (DH_ERROR, code, _("%s\nThe engine said: %s"), advice, error->message);
}

static void
auth_sent_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  DhEngine *self = g_task_get_source_object (task);
  AuthData *data = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  g_autoptr(GError) response_error = NULL;
  g_autoptr(GBytes) body = NULL;

  body = _dh_http_send_and_read_finish (result, NULL, &error);
  if (body == NULL)
    {
      g_task_return_error (task, _dh_engine_call_timer_check (data->timer,
                                                              _dh_engine_error_from_transport (self, error)));
      return;
    }

  if (SOUP_STATUS_IS_SUCCESSFUL (soup_message_get_status (data->message)))
    {
      /* The body may hold an IdentityToken: drop it unread. */
      g_task_return_boolean (task, TRUE);
      return;
    }

  response_error = _dh_engine_error_from_response (self, data->message, body);
  g_task_return_error (task, explain_auth_error (data->credential, response_error));
}

static void
auth_connected_cb (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  DhEngine *self = DH_ENGINE (object);
  g_autoptr(GTask) task = user_data;
  AuthData *data = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) request_body = NULL;

  if (!_dh_engine_ensure_connected_finish (self, result, &error))
    {
      g_task_return_error (task, _dh_engine_call_timer_check (data->timer,
                                                              g_steal_pointer (&error)));
      return;
    }

  if (!_dh_engine_check_credentials_allowed (self, &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  data->message = _dh_engine_new_message (self, "POST", "/auth", NULL);
  _dh_engine_mark_credentials (data->message);

  request_body = auth_request_body (self, data->credential);
  soup_message_set_request_body_from_bytes (data->message, "application/json", request_body);

  _dh_http_send_and_read_async (_dh_engine_get_session (self),
                                data->message,
                                DH_ENGINE_MAX_BODY,
                                G_PRIORITY_DEFAULT,
                                _dh_engine_call_timer_get_cancellable (data->timer),
                                auth_sent_cb,
                                g_object_ref (task));
}

/**
 * dh_engine_check_auth_async:
 * @self: a #DhEngine
 * @credential: the login to check with its registry, through the engine
 *
 * Asks the engine to log in to the credential's registry (`POST /auth`).
 * Fails with %DH_ERROR_UNAUTHORIZED when the registry rejects the login,
 * %DH_ERROR_UNREACHABLE when it cannot be reached, and
 * %DH_ERROR_INSECURE_TRANSPORT (without sending anything) when the
 * engine is a remote tcp:// one without TLS.
 */
void
dh_engine_check_auth_async (DhEngine            *self,
                            DhCredential        *credential,
                            GCancellable        *cancellable,
                            GAsyncReadyCallback  callback,
                            gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  AuthData *data;

  g_return_if_fail (DH_IS_ENGINE (self));
  g_return_if_fail (DH_IS_CREDENTIAL (credential));
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, dh_engine_check_auth_async);
  g_task_set_check_cancellable (task, FALSE);

  data = g_new0 (AuthData, 1);
  data->credential = g_object_ref (credential);
  /* The engine answers once the registry has: twice the usual time. */
  data->timer = _dh_engine_call_timer_new_full (self, cancellable, 2);
  g_task_set_task_data (task, data, (GDestroyNotify)auth_data_free);

  _dh_engine_ensure_connected_async (self, _dh_engine_call_timer_get_cancellable (data->timer),
                                     auth_connected_cb, g_steal_pointer (&task));
}

gboolean
dh_engine_check_auth_finish (DhEngine      *self,
                             GAsyncResult  *result,
                             GError       **error)
{
  g_return_val_if_fail (DH_IS_ENGINE (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}
