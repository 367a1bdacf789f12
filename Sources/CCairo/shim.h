#ifndef B2RECAST_CCAIRO_SHIM_H
#define B2RECAST_CCAIRO_SHIM_H
#include <cairo.h>
#include <cairo-pdf.h>
#include <cairo-svg.h>
#include <pango/pangocairo.h>

/// Releases a Pango object (a GObject); a function so Swift need not see GLib's macros.
static inline void b2recast_release_object(void *object) { g_object_unref(object); }
#endif
