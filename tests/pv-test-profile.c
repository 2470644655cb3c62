/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * pv-test-profile.c: throw-away profiles: a new temporary folder with a
 * store in it, and everything removed afterwards.
 */
#include "pv-test-profile.h"

#include <glib/gstdio.h>

/* Opens a store in a new temporary folder, returned in @dir. */
PvStore *
pv_test_profile_open (char **dir)
{
  g_autoptr(GError) error = NULL;
  PvStore *store;

  *dir = g_dir_make_tmp ("peyvand-test-XXXXXX", &error);
  g_assert_no_error (error);
  store = pv_store_open (*dir, &error);
  g_assert_no_error (error);
  return store;
}

/* Closes @store and removes its folder @dir, which it frees. */
void
pv_test_profile_close (PvStore *store,
                       char    *dir)
{
  g_clear_object (&store);
  pv_test_remove_tree (dir);
  g_free (dir);
}

void
pv_test_remove_tree (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);

      if (g_file_test (child, G_FILE_TEST_IS_DIR))
        pv_test_remove_tree (child);
      else
        g_unlink (child);
    }
  g_rmdir (path);
}

/* A change of a pulled page as the sync client makes it, from @record
 * (NULL but for an upsert) as the server sends it. */
PvPulledChange *
pv_test_pulled_change (PvPullKind   kind,
                       gint64       rev,
                       const char  *entity,
                       const char  *id,
                       JsonObject  *record)
{
  g_autoptr(JsonNode) node = record ? json_node_init_object (json_node_alloc (), record) : NULL;
  g_autofree char *text = node ? json_to_string (node, FALSE) : NULL;

  return pv_pulled_change_new (kind, rev, entity, id, text);
}
