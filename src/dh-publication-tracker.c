/* dh-publication-tracker.c
 *
 * Copyright 2026 The Dockhand Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "dh-publication-tracker"

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "dh-error.h"
#include "dh-hub-session.h"
#include "dh-publication-tracker.h"
#include "dh-reference.h"
#include "dh-registry-client.h"

/* Few enough not to flood a registry (or the Hub's rate limit) when a
 * long list of images is shown at once. */
#define MAX_RUNNING 3

struct _DhPublication
{
  GObject             parent_instance;

  char               *name;
  char               *server;         /* credential key of the registry */
  char               *host;           /* for DhRegistryClient */
  char               *repository;     /* path on that registry */
  char               *tag;
  char               *registry_name;
  char               *local_key;      /* the image's digests for the repository */
  guint               generation;
  gboolean            queued;

  DhPublicationState  state;
  char               *message;
};

struct _DhPublicationTracker
{
  GObject           parent_instance;

  DhAccountManager *manager;
  GHashTable       *servers;       /* logged-in server keys */
  GHashTable       *publications;  /* name → DhPublication */
  GHashTable       *clients;       /* server key → DhRegistryClient */
  GQueue            queue;         /* DhPublication (owned) */
  GCancellable     *cancellable;
  guint             n_running;
  guint             n_requests;
  guint             generation;
};

enum {
  PROP_0,
  PROP_NAME,
  PROP_STATE,
  PROP_MESSAGE,
  N_PROPS
};

enum {
  CHANGED,
  N_SIGNALS
};

G_DEFINE_ENUM_TYPE (DhPublicationState, dh_publication_state,
  G_DEFINE_ENUM_VALUE (DH_PUBLICATION_CHECKING, "checking"),
  G_DEFINE_ENUM_VALUE (DH_PUBLICATION_PUBLISHED, "published"),
  G_DEFINE_ENUM_VALUE (DH_PUBLICATION_CHANGED, "changed"),
  G_DEFINE_ENUM_VALUE (DH_PUBLICATION_NOT_PUSHED, "not-pushed"),
  G_DEFINE_ENUM_VALUE (DH_PUBLICATION_FAILED, "failed"))

G_DEFINE_FINAL_TYPE (DhPublication, dh_publication, G_TYPE_OBJECT)
G_DEFINE_FINAL_TYPE (DhPublicationTracker, dh_publication_tracker, G_TYPE_OBJECT)

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

/* DhPublication */

static void
dh_publication_finalize (GObject *object)
{
  DhPublication *self = (DhPublication *)object;

  g_free (self->name);
  g_free (self->server);
  g_free (self->host);
  g_free (self->repository);
  g_free (self->tag);
  g_free (self->registry_name);
  g_free (self->local_key);
  g_free (self->message);

  G_OBJECT_CLASS (dh_publication_parent_class)->finalize (object);
}

static void
dh_publication_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  DhPublication *self = DH_PUBLICATION (object);

  switch (prop_id)
    {
    case PROP_NAME:
      g_value_set_string (value, self->name);
      break;

    case PROP_STATE:
      g_value_set_enum (value, self->state);
      break;

    case PROP_MESSAGE:
      g_value_set_string (value, self->message);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
dh_publication_class_init (DhPublicationClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = dh_publication_finalize;
  object_class->get_property = dh_publication_get_property;

  properties[PROP_NAME] =
    g_param_spec_string ("name", NULL, NULL, NULL,
                         (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));
  properties[PROP_STATE] =
    g_param_spec_enum ("state", NULL, NULL,
                       DH_TYPE_PUBLICATION_STATE, DH_PUBLICATION_CHECKING,
                       (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  properties[PROP_MESSAGE] =
    g_param_spec_string ("message", NULL, NULL, NULL,
                         (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
dh_publication_init (DhPublication *self)
{
}

static void
dh_publication_set_state (DhPublication      *self,
                          DhPublicationState  state,
                          const char         *message)
{
  g_object_freeze_notify (G_OBJECT (self));

  if (self->state != state)
    {
      self->state = state;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATE]);
    }

  if (g_strcmp0 (self->message, message) != 0)
    {
      g_free (self->message);
      self->message = g_strdup (message);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MESSAGE]);
    }

  g_object_thaw_notify (G_OBJECT (self));
}

const char *
dh_publication_get_name (DhPublication *self)
{
  g_return_val_if_fail (DH_IS_PUBLICATION (self), NULL);

  return self->name;
}

const char *
dh_publication_get_registry_name (DhPublication *self)
{
  g_return_val_if_fail (DH_IS_PUBLICATION (self), NULL);

  return self->registry_name;
}

DhPublicationState
dh_publication_get_state (DhPublication *self)
{
  g_return_val_if_fail (DH_IS_PUBLICATION (self), DH_PUBLICATION_CHECKING);

  return self->state;
}

const char *
dh_publication_get_label (DhPublication *self)
{
  g_return_val_if_fail (DH_IS_PUBLICATION (self), NULL);

  switch (self->state)
    {
    case DH_PUBLICATION_CHECKING:
      return _("Checking…");

    case DH_PUBLICATION_PUBLISHED:
      return _("Published");

    case DH_PUBLICATION_CHANGED:
      return _("Changed since push");

    case DH_PUBLICATION_NOT_PUSHED:
      return _("Not pushed");

    case DH_PUBLICATION_FAILED:
      return _("Not checked");

    default:
      g_return_val_if_reached (NULL);
    }
}

const char *
dh_publication_get_message (DhPublication *self)
{
  g_return_val_if_fail (DH_IS_PUBLICATION (self), NULL);

  return self->message;
}

/* DhPublicationTracker */

static void dh_publication_tracker_pump (DhPublicationTracker *self);

typedef struct
{
  DhPublicationTracker *self;
  DhPublication        *publication;
  guint                 generation;
  char                 *local_key;
} Check;

static void
check_free (Check *check)
{
  g_object_unref (check->self);
  g_object_unref (check->publication);
  g_free (check->local_key);
  g_free (check);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Check, check_free)

static gboolean
key_has_digest (const char *local_key,
                const char *digest)
{
  g_auto(GStrv) digests = g_strsplit (local_key != NULL ? local_key : "", ",", -1);

  return digest != NULL && g_strv_contains ((const char * const *)digests, digest);
}

static void
check_finish (Check *check)
{
  DhPublicationTracker *self = check->self;

  g_assert (self->n_running > 0);
  self->n_running--;
  dh_publication_tracker_pump (self);
}

static void
digest_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  DhRegistryClient *client = DH_REGISTRY_CLIENT (object);
  g_autoptr(Check) check = user_data;
  DhPublication *publication = check->publication;
  g_autoptr(GError) error = NULL;
  g_autofree char *digest = NULL;
  g_autofree char *message = NULL;

  digest = dh_registry_client_get_digest_finish (client, result, &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) ||
      g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  /* Answers asked for before the logins changed say nothing now. */
  if (check->generation == check->self->generation &&
      g_strcmp0 (check->local_key, publication->local_key) == 0)
    {
      if (digest != NULL && key_has_digest (check->local_key, digest))
        {
          message = g_strdup_printf (_("%s on %s is this image"),
                                     publication->name, publication->registry_name);
          dh_publication_set_state (publication, DH_PUBLICATION_PUBLISHED, message);
        }
      else if (digest != NULL)
        {
          message = g_strdup_printf (_("%s on %s is another image: push it to publish this one"),
                                     publication->name, publication->registry_name);
          dh_publication_set_state (publication, DH_PUBLICATION_CHANGED, message);
        }
      else if (g_error_matches (error, DH_ERROR, DH_ERROR_NOT_FOUND))
        {
          message = g_strdup_printf (_("%s is not on %s yet: push it to publish it"),
                                     publication->name, publication->registry_name);
          dh_publication_set_state (publication, DH_PUBLICATION_NOT_PUSHED, message);
        }
      else
        {
          message = g_strdup_printf (_("Could not ask %s about %s: %s"),
                                     publication->registry_name, publication->name,
                                     error->message);
          dh_publication_set_state (publication, DH_PUBLICATION_FAILED, message);
        }

      g_debug ("%s", publication->message);
    }

  check_finish (check);
}

static void
check_start_digest (Check            *check,
                    DhRegistryClient *client)
{
  check->self->n_requests++;
  dh_registry_client_get_digest_async (client,
                                       check->publication->repository,
                                       check->publication->tag,
                                       check->self->cancellable,
                                       digest_cb, check);
}

static void
credential_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  DhAccountManager *manager = DH_ACCOUNT_MANAGER (object);
  Check *check = user_data;
  DhPublicationTracker *self = check->self;
  g_autoptr(DhCredential) credential = NULL;
  g_autoptr(DhRegistryClient) client = NULL;
  g_autoptr(GError) error = NULL;

  credential = dh_account_manager_lookup_finish (manager, result, &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) ||
      g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      check_free (check);
      return;
    }

  /* Plain HTTP is only ever used for loopback registries (the client
   * ignores @insecure for anything else), like the engine's own
   * insecure-registries default. */
  if (error == NULL)
    client = dh_registry_client_new (check->publication->host, TRUE, &error);

  if (client == NULL)
    {
      g_autofree char *message = g_strdup_printf (_("Could not ask %s about %s: %s"),
                                                  check->publication->registry_name,
                                                  check->publication->name, error->message);

      if (check->generation == self->generation)
        dh_publication_set_state (check->publication, DH_PUBLICATION_FAILED, message);
      check_finish (check);
      check_free (check);
      return;
    }

  dh_registry_client_set_credential (client, credential);
  if (check->generation == self->generation)
    g_hash_table_replace (self->clients, g_strdup (check->publication->server),
                          g_object_ref (client));

  check_start_digest (check, client);
}

static void
dh_publication_tracker_pump (DhPublicationTracker *self)
{
  while (self->n_running < MAX_RUNNING && !g_queue_is_empty (&self->queue))
    {
      DhPublication *publication = g_queue_pop_head (&self->queue);
      DhRegistryClient *client;
      Check *check;

      publication->queued = FALSE;

      check = g_new0 (Check, 1);
      check->self = g_object_ref (self);
      check->publication = publication;  /* the queue's reference */
      check->generation = self->generation;
      check->local_key = g_strdup (publication->local_key);

      self->n_running++;

      if ((client = g_hash_table_lookup (self->clients, publication->server)))
        check_start_digest (check, client);
      else
        dh_account_manager_lookup_async (self->manager, publication->server,
                                         self->cancellable, credential_cb, check);
    }
}

static void
dh_publication_tracker_enqueue (DhPublicationTracker *self,
                                DhPublication        *publication)
{
  publication->generation = self->generation;
  dh_publication_set_state (publication, DH_PUBLICATION_CHECKING, NULL);

  if (!publication->queued)
    {
      publication->queued = TRUE;
      g_queue_push_tail (&self->queue, g_object_ref (publication));
    }

  dh_publication_tracker_pump (self);
}

static void
accounts_changed_cb (DhPublicationTracker *self)
{
  GListModel *accounts = dh_account_manager_get_accounts (self->manager);
  g_autoptr(GHashTable) servers = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  guint n = g_list_model_get_n_items (accounts);
  GHashTableIter iter;
  gpointer key;
  gboolean same;

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(DhCredential) account = g_list_model_get_item (accounts, i);

      g_hash_table_add (servers, g_strdup (dh_credential_get_server (account)));
    }

  same = g_hash_table_size (servers) == g_hash_table_size (self->servers);
  g_hash_table_iter_init (&iter, servers);
  while (same && g_hash_table_iter_next (&iter, &key, NULL))
    same = g_hash_table_contains (self->servers, key);

  /* The list is rebuilt on every refresh; only a real change matters. */
  if (same)
    return;

  g_clear_pointer (&self->servers, g_hash_table_unref);
  self->servers = g_steal_pointer (&servers);

  dh_publication_tracker_invalidate (self);
}

static void
dh_publication_tracker_dispose (GObject *object)
{
  DhPublicationTracker *self = (DhPublicationTracker *)object;

  g_cancellable_cancel (self->cancellable);
  g_queue_clear_full (&self->queue, g_object_unref);

  if (self->manager != NULL)
    g_signal_handlers_disconnect_by_data (dh_account_manager_get_accounts (self->manager), self);

  g_clear_object (&self->manager);
  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->clients, g_hash_table_unref);
  g_clear_pointer (&self->publications, g_hash_table_unref);
  g_clear_pointer (&self->servers, g_hash_table_unref);

  G_OBJECT_CLASS (dh_publication_tracker_parent_class)->dispose (object);
}

static void
dh_publication_tracker_class_init (DhPublicationTrackerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = dh_publication_tracker_dispose;

  signals[CHANGED] =
    g_signal_new ("changed",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 0);
}

static void
dh_publication_tracker_init (DhPublicationTracker *self)
{
  self->servers = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->publications = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_object_unref);
  self->clients = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_object_unref);
  self->cancellable = g_cancellable_new ();
  g_queue_init (&self->queue);
}

static void
hub_state_changed_cb (DhPublicationTracker *self)
{
  g_signal_emit (self, signals[CHANGED], 0);
}

DhPublicationTracker *
dh_publication_tracker_new (DhAccountManager *manager)
{
  DhPublicationTracker *self;
  DhHubSession *session;

  g_return_val_if_fail (DH_IS_ACCOUNT_MANAGER (manager), NULL);

  self = g_object_new (DH_TYPE_PUBLICATION_TRACKER, NULL);
  self->manager = g_object_ref (manager);

  g_signal_connect_object (dh_account_manager_get_accounts (manager), "items-changed",
                           G_CALLBACK (accounts_changed_cb), self, G_CONNECT_SWAPPED);
  accounts_changed_cb (self);

  /* Which Hub namespaces are the user's is known once logged in. */
  if ((session = dh_hub_session_get_default ()) != NULL)
    g_signal_connect_object (session, "notify::state", G_CALLBACK (hub_state_changed_cb),
                             self, G_CONNECT_SWAPPED);

  return self;
}

/**
 * dh_publication_tracker_get_default:
 *
 * Returns: (transfer none): the tracker of dh_account_manager_get_default()
 */
DhPublicationTracker *
dh_publication_tracker_get_default (void)
{
  static DhPublicationTracker *instance;

  if (instance == NULL)
    {
      instance = dh_publication_tracker_new (dh_account_manager_get_default ());
      g_object_add_weak_pointer (G_OBJECT (instance), (gpointer *)&instance);
    }

  return instance;
}

/* The image's digests for @domain/@path, sorted, joined by ",". */
static char *
local_key_for (DhImage    *image,
               const char *domain,
               const char *path)
{
  const char * const *digests = dh_image_get_digests (image);
  g_autoptr(GPtrArray) found = g_ptr_array_new_with_free_func (g_free);

  for (guint i = 0; digests != NULL && digests[i] != NULL; i++)
    {
      g_autoptr(DhReference) reference = dh_reference_parse (digests[i], NULL);

      if (reference != NULL &&
          dh_reference_get_digest (reference) != NULL &&
          g_strcmp0 (dh_reference_get_domain (reference), domain) == 0 &&
          g_strcmp0 (dh_reference_get_path (reference), path) == 0)
        g_ptr_array_add (found, g_strdup (dh_reference_get_digest (reference)));
    }

  g_ptr_array_sort (found, (GCompareFunc)g_strcmp0);
  g_ptr_array_add (found, NULL);

  return g_strjoinv (",", (char **)found->pdata);
}

static gboolean
is_own_hub_repository (const char *path)
{
  DhHubSession *session = dh_hub_session_get_default ();
  g_auto(GStrv) namespaces = NULL;
  g_autofree char *namespace_ = NULL;
  const char *slash = strchr (path, '/');

  if (slash == NULL || g_str_has_prefix (path, DH_HUB_LIBRARY_NAMESPACE "/"))
    return FALSE;

  /* Until the Hub session knows the user, any namespace may be theirs. */
  if (session == NULL || dh_hub_session_get_state (session) != DH_HUB_SESSION_LOGGED_IN)
    return TRUE;

  namespace_ = g_strndup (path, slash - path);
  namespaces = dh_hub_client_dup_namespaces (dh_hub_session_get_client (session));
  return g_strv_contains ((const char * const *)namespaces, namespace_);
}

DhPublication *
dh_publication_tracker_lookup (DhPublicationTracker *self,
                               DhImage              *image,
                               const char           *name)
{
  g_autoptr(DhReference) reference = NULL;
  g_autofree char *server = NULL;
  g_autofree char *local_key = NULL;
  DhPublication *publication;
  const char *domain;

  g_return_val_if_fail (DH_IS_PUBLICATION_TRACKER (self), NULL);
  g_return_val_if_fail (DH_IS_IMAGE (image), NULL);
  g_return_val_if_fail (name != NULL, NULL);

  if (!(reference = dh_reference_parse (name, NULL)) ||
      dh_reference_get_tag (reference) == NULL)
    return NULL;

  domain = dh_reference_get_domain (reference);
  server = dh_server_key_for_domain (domain);
  if (server == NULL || !g_hash_table_contains (self->servers, server))
    return NULL;

  /* On Docker Hub, only the user's own namespaces are theirs to
   * publish: a pulled alpine or someone else's image is not. */
  if (dh_server_is_docker_hub (server) && !is_own_hub_repository (dh_reference_get_path (reference)))
    return NULL;

  local_key = local_key_for (image, domain, dh_reference_get_path (reference));

  if (!(publication = g_hash_table_lookup (self->publications, name)))
    {
      gboolean hub = dh_server_is_docker_hub (server);

      publication = g_object_new (DH_TYPE_PUBLICATION, NULL);
      publication->name = g_strdup (name);
      publication->server = g_strdup (server);
      publication->host = g_strdup (hub ? DH_DOCKER_HUB_REGISTRY_HOST : domain);
      publication->repository = g_strdup (dh_reference_get_path (reference));
      publication->tag = g_strdup (dh_reference_get_tag (reference));
      publication->registry_name = hub ? g_strdup (_("Docker Hub")) : g_strdup (domain);
      publication->local_key = g_steal_pointer (&local_key);
      g_hash_table_insert (self->publications, g_strdup (name), publication);

      dh_publication_tracker_enqueue (self, publication);
    }
  else if (g_strcmp0 (publication->local_key, local_key) != 0 ||
           publication->generation != self->generation)
    {
      g_free (publication->local_key);
      publication->local_key = g_steal_pointer (&local_key);
      dh_publication_tracker_enqueue (self, publication);
    }

  return publication;
}

void
dh_publication_tracker_invalidate (DhPublicationTracker *self)
{
  g_return_if_fail (DH_IS_PUBLICATION_TRACKER (self));

  /* Checks under way finish but their answers are dropped. */
  self->generation++;
  g_hash_table_remove_all (self->clients);
  g_queue_clear_full (&self->queue, g_object_unref);
  g_hash_table_remove_all (self->publications);

  g_signal_emit (self, signals[CHANGED], 0);
}

guint
dh_publication_tracker_get_n_requests (DhPublicationTracker *self)
{
  g_return_val_if_fail (DH_IS_PUBLICATION_TRACKER (self), 0);

  return self->n_requests;
}
