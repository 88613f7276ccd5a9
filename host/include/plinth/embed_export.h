// PLINTH_EMBED_API marks what libplinth exports to applications. Everything else in the
// library (the engine, the server, their dependencies) stays hidden, so an application
// that links Plinth::plinth sees only the headers in host/include/plinth/.
#pragma once

#if defined(PLINTH_EMBED_BUILDING)
#define PLINTH_EMBED_API __attribute__((visibility("default")))
#else
#define PLINTH_EMBED_API
#endif
