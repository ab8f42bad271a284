/* dh-progress-parser.c
 *
 * Copyright 2026 The Dockhand Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "dh-progress-parser"

#include "config.h"

#include <string.h>

#include <json-glib/json-glib.h>

#include "dh-error.h"
#include "dh-progress-parser.h"

struct _DhProgressParser
{
  /* One parser for the whole stream: creating a JsonParser per line
   * costs more than parsing a typical line. Not an immutable one: sealing
   * hashes every node, and we read each line once. */
  JsonParser *parser;
};

DhProgressParser *
_dh_progress_parser_new (void)
{
  DhProgressParser *self = g_new0 (DhProgressParser, 1);

  self->parser = json_parser_new ();

  return self;
}

void
_dh_progress_parser_free (DhProgressParser *self)
{
  if (self == NULL)
    return;

  g_clear_object (&self->parser);
  g_free (self);
}

static inline gboolean
is_space (char c)
{
  return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

#define HAS_PREFIX(s, lit) (strncmp ((s), (lit), sizeof (lit) - 1) == 0)

/* @s points after a "sha256:"-like prefix or a digest start; the
 * argument runs until whitespace or the end. */
static void
set_word_arg (const char  *s,
              const char **arg,
              gsize       *arg_len)
{
  const char *end = s;

  while (*end != '\0' && !is_space (*end))
    end++;

  *arg = s;
  *arg_len = end - s;
}

/* "<tag>: digest: sha256:… size: N" (Docker and Podman compat push). The
 * tag may be any [\w][\w.-]*, so this is checked when no known status
 * matched, whatever the first character. */
static DhProgressStatus
classify_tag_digest (const char  *status,
                     const char **arg,
                     gsize       *arg_len)
{
  const char *p = strstr (status, ": digest: ");

  if (p == NULL || p == status)
    return DH_PROGRESS_STATUS_OTHER;

  set_word_arg (p + strlen (": digest: "), arg, arg_len);
  if (*arg_len == 0)
    {
      *arg = NULL;
      return DH_PROGRESS_STATUS_OTHER;
    }

  return DH_PROGRESS_STATUS_TAG_DIGEST;
}

/* The engines' fixed texts (moby pull_v2.go, push_v2.go, the xfer package,
 * daemon/containerd/progress.go; podman compat/images_push.go and
 * CompatPull). A switch on the first character keeps this to one or
 * two strcmp() per line. */
DhProgressStatus
_dh_progress_classify_status (const char  *status,
                              const char **arg,
                              gsize       *arg_len)
{
  *arg = NULL;
  *arg_len = 0;

  if (status == NULL)
    return DH_PROGRESS_STATUS_NONE;

  switch (status[0])
    {
    case 'P':
      if (strcmp (status, "Pushing") == 0)
        return DH_PROGRESS_STATUS_PUSHING;
      if (strcmp (status, "Pushed") == 0)
        return DH_PROGRESS_STATUS_PUSHED;
      if (strcmp (status, "Preparing") == 0)
        return DH_PROGRESS_STATUS_PREPARING;
      if (strcmp (status, "Pulling fs layer") == 0)
        return DH_PROGRESS_STATUS_PULLING_FS_LAYER;
      if (strcmp (status, "Pull complete") == 0)
        return DH_PROGRESS_STATUS_PULL_COMPLETE;
      if (HAS_PREFIX (status, "Pulling from "))
        {
          *arg = status + strlen ("Pulling from ");
          *arg_len = strlen (*arg);
          return DH_PROGRESS_STATUS_PULLING_FROM;
        }
      break;

    case 'D':
      if (strcmp (status, "Downloading") == 0)
        return DH_PROGRESS_STATUS_DOWNLOADING;
      if (strcmp (status, "Download complete") == 0)
        return DH_PROGRESS_STATUS_DOWNLOAD_COMPLETE;
      if (HAS_PREFIX (status, "Digest: "))
        {
          set_word_arg (status + strlen ("Digest: "), arg, arg_len);
          if (*arg_len > 0)
            return DH_PROGRESS_STATUS_DIGEST;
          *arg = NULL;
        }
      break;

    case 'E':
      if (strcmp (status, "Extracting") == 0)
        return DH_PROGRESS_STATUS_EXTRACTING;
      break;

    case 'V':
      if (strcmp (status, "Verifying Checksum") == 0)
        return DH_PROGRESS_STATUS_VERIFYING;
      break;

    case 'W':
      if (strcmp (status, "Waiting") == 0)
        return DH_PROGRESS_STATUS_WAITING;
      break;

    case 'L':
      if (strcmp (status, "Layer already exists") == 0)
        return DH_PROGRESS_STATUS_LAYER_ALREADY_EXISTS;
      break;

    case 'A':
      if (strcmp (status, "Already exists") == 0)
        return DH_PROGRESS_STATUS_ALREADY_EXISTS;
      break;

    case 'M':
      if (HAS_PREFIX (status, "Mounted from "))
        {
          *arg = status + strlen ("Mounted from ");
          *arg_len = strlen (*arg);
          return DH_PROGRESS_STATUS_MOUNTED_FROM;
        }
      break;

    case 'R':
      if (HAS_PREFIX (status, "Retrying in "))
        return DH_PROGRESS_STATUS_RETRYING;
      break;

    case 'U':
      if (strcmp (status, "Unavailable") == 0)
        return DH_PROGRESS_STATUS_UNAVAILABLE;
      break;

    case 'S':
      if (HAS_PREFIX (status, "Status: Downloaded newer image for "))
        return DH_PROGRESS_STATUS_DOWNLOADED_NEWER;
      if (HAS_PREFIX (status, "Status: Image is up to date for "))
        return DH_PROGRESS_STATUS_UP_TO_DATE;
      break;

    case 'T':
      if (HAS_PREFIX (status, "The push refers to repository"))
        return DH_PROGRESS_STATUS_PUSH_REFERS;
      break;

    default:
      break;
    }

  return classify_tag_digest (status, arg, arg_len);
}

/* containers/image's copy writer, as podman's libpod endpoints relay it:
 * "Copying blob sha256:<64 hex>[ done| skipped: already exists]\n". */
static DhProgressStream
classify_stream (const char         *stream,
                 DhProgressMessage  *message)
{
  if (stream[0] == 'C')
    {
      if (HAS_PREFIX (stream, "Copying blob "))
        {
          const char *digest = stream + strlen ("Copying blob ");
          const char *colon = strchr (digest, ':');
          const char *hex = digest;

          /* The hex part identifies the layer, as Docker's short ids do. */
          if (colon != NULL && colon - digest <= 16)
            hex = colon + 1;

          set_word_arg (hex, &message->arg, &message->arg_len);
          if (message->arg_len == 0)
            {
              message->arg = NULL;
              return DH_PROGRESS_STREAM_OTHER;
            }

          message->blob_skipped = strstr (hex, "skipped") != NULL;

          return DH_PROGRESS_STREAM_COPYING_BLOB;
        }

      if (HAS_PREFIX (stream, "Copying config "))
        return DH_PROGRESS_STREAM_COPYING_CONFIG;
    }
  else if (HAS_PREFIX (stream, "Writing manifest"))
    return DH_PROGRESS_STREAM_WRITING_MANIFEST;
  else if (HAS_PREFIX (stream, "Storing signatures"))
    return DH_PROGRESS_STREAM_STORING_SIGNATURES;

  return DH_PROGRESS_STREAM_OTHER;
}

static gboolean
wrong_type (const char  *member,
            const char  *expected,
            GError     **error)
{
  g_set_error (error, DH_ERROR, DH_ERROR_PROTOCOL,
               "The engine sent a malformed progress line: “%s” is not %s. "
               "The line was skipped; the transfer goes on.",
               member, expected);
  return FALSE;
}

/* NULL (and TRUE) for an absent or null member; FALSE when it is not a
 * string. */
static gboolean
get_string (JsonNode    *node,
            const char  *member,
            const char **out,
            GError     **error)
{
  if (JSON_NODE_HOLDS_NULL (node))
    return TRUE;

  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    return wrong_type (member, "a string", error);

  *out = json_node_get_string (node);

  return TRUE;
}

static gboolean
get_number (JsonNode    *node,
            const char  *member,
            gint64      *out,
            GError     **error)
{
  GType type;

  if (JSON_NODE_HOLDS_NULL (node))
    return TRUE;

  if (!JSON_NODE_HOLDS_VALUE (node))
    return wrong_type (member, "a number", error);

  type = json_node_get_value_type (node);

  if (type == G_TYPE_INT64)
    *out = json_node_get_int (node);
  else if (type == G_TYPE_DOUBLE)
    {
      double d = json_node_get_double (node);

      /* Go encodes int64 as integers; a fraction or a huge value means a
       * producer we do not know, not a reason to overflow. */
      if (!(d >= 0 && d < 9.0e18))
        return wrong_type (member, "a byte count", error);
      *out = (gint64)d;
    }
  else
    return wrong_type (member, "a number", error);

  if (*out < 0)
    return wrong_type (member, "a byte count", error);

  return TRUE;
}

static gboolean
parse_progress_detail (JsonNode           *node,
                       DhProgressMessage  *message,
                       GError            **error)
{
  JsonObjectIter iter;
  const char *name;
  JsonNode *member;

  if (JSON_NODE_HOLDS_NULL (node))
    return TRUE;

  if (!JSON_NODE_HOLDS_OBJECT (node))
    return wrong_type ("progressDetail", "an object", error);

  json_object_iter_init (&iter, json_node_get_object (node));
  while (json_object_iter_next (&iter, &name, &member))
    {
      if (strcmp (name, "current") == 0)
        {
          if (!get_number (member, "progressDetail.current", &message->current, error))
            return FALSE;
        }
      else if (strcmp (name, "total") == 0)
        {
          if (!get_number (member, "progressDetail.total", &message->total, error))
            return FALSE;
        }
      else if (strcmp (name, "units") == 0)
        {
          if (!get_string (member, "progressDetail.units", &message->units, error))
            return FALSE;
        }
    }

  return TRUE;
}

static gboolean
parse_error_detail (JsonNode           *node,
                    DhProgressMessage  *message,
                    GError            **error)
{
  JsonObject *object;
  JsonNode *member;
  const char *text = NULL;

  if (JSON_NODE_HOLDS_NULL (node))
    return TRUE;

  if (!JSON_NODE_HOLDS_OBJECT (node))
    return wrong_type ("errorDetail", "an object", error);

  object = json_node_get_object (node);
  if ((member = json_object_get_member (object, "message")) == NULL)
    return TRUE;

  if (!get_string (member, "errorDetail.message", &text, error))
    return FALSE;

  /* errorDetail.message wins over the deprecated "error". */
  if (text != NULL && *text != '\0')
    message->error_message = text;

  return TRUE;
}

static void
parse_aux (JsonNode          *node,
           DhProgressMessage *message)
{
  JsonNode *digest;

  /* aux is free-form (pushResult, containerd's auxprogress): read what
   * we know and ignore the rest. */
  if (!JSON_NODE_HOLDS_OBJECT (node))
    return;

  digest = json_object_get_member (json_node_get_object (node), "Digest");
  if (digest != NULL &&
      JSON_NODE_HOLDS_VALUE (digest) &&
      json_node_get_value_type (digest) == G_TYPE_STRING)
    {
      const char *text = json_node_get_string (digest);

      if (text != NULL && *text != '\0')
        message->aux_digest = text;
    }
}

gboolean
_dh_progress_parser_parse (DhProgressParser   *self,
                           const char         *line,
                           gssize              len,
                           DhProgressMessage  *message,
                           gboolean           *is_empty,
                           GError            **error)
{
  g_autoptr(GError) local_error = NULL;
  const char *deprecated_error = NULL;
  const char *end;
  JsonObjectIter iter;
  JsonNode *root;
  JsonNode *member;
  const char *name;

  g_assert (self != NULL);
  g_assert (message != NULL);
  g_assert (is_empty != NULL);

  memset (message, 0, sizeof *message);
  message->current = -1;
  message->total = -1;
  *is_empty = FALSE;

  if (line == NULL)
    line = "";
  if (len < 0)
    len = strlen (line);

  end = line + len;
  while (line < end && is_space (*line))
    line++;
  while (end > line && is_space (end[-1]))
    end--;

  if (line == end)
    {
      *is_empty = TRUE;
      return TRUE;
    }

  if (!json_parser_load_from_data (self->parser, line, end - line, &local_error))
    {
      g_set_error (error, DH_ERROR, DH_ERROR_PROTOCOL,
                   "The engine sent a progress line that is not valid JSON (%s). "
                   "The line was skipped; the transfer goes on.",
                   local_error->message);
      return FALSE;
    }

  root = json_parser_get_root (self->parser);
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    {
      g_set_error_literal (error, DH_ERROR, DH_ERROR_PROTOCOL,
                           "The engine sent a progress line that is not a JSON object. "
                           "The line was skipped; the transfer goes on.");
      return FALSE;
    }

  json_object_iter_init (&iter, json_node_get_object (root));
  while (json_object_iter_next (&iter, &name, &member))
    {
      gboolean ok = TRUE;

      switch (name[0])
        {
        case 's':
          if (strcmp (name, "status") == 0)
            ok = get_string (member, "status", &message->status, error);
          else if (strcmp (name, "stream") == 0)
            ok = get_string (member, "stream", &message->stream, error);
          break;

        case 'i':
          if (strcmp (name, "id") == 0)
            ok = get_string (member, "id", &message->id, error);
          break;

        case 'p':
          if (strcmp (name, "progressDetail") == 0)
            ok = parse_progress_detail (member, message, error);
          break;

        case 'e':
          if (strcmp (name, "errorDetail") == 0)
            ok = parse_error_detail (member, message, error);
          else if (strcmp (name, "error") == 0)
            ok = get_string (member, "error", &deprecated_error, error);
          break;

        case 'a':
          if (strcmp (name, "aux") == 0)
            parse_aux (member, message);
          break;

        default:
          break;
        }

      if (!ok)
        {
          memset (message, 0, sizeof *message);
          message->current = message->total = -1;
          return FALSE;
        }
    }

  if (message->error_message == NULL && deprecated_error != NULL && *deprecated_error != '\0')
    message->error_message = deprecated_error;

  if (message->id != NULL && *message->id == '\0')
    message->id = NULL;

  message->status_kind = _dh_progress_classify_status (message->status,
                                                       &message->arg,
                                                       &message->arg_len);

  if (message->stream != NULL)
    {
      /* Only lines without a status carry a meaningful stream. */
      if (message->status == NULL)
        message->stream_kind = classify_stream (message->stream, message);
      else
        message->stream_kind = DH_PROGRESS_STREAM_OTHER;
    }

  return TRUE;
}
