/*
 * States of a split device's two ends, as each end writes them to its
 * "state" node in xenstore (a decimal number).  A frontend and its backend
 * step through these together: the backend waits in InitWait for the
 * frontend's rings, both reach Connected, and either side leaves through
 * Closing to Closed.
 */
#ifndef PUBLIC_IO_XENBUS_H
#define PUBLIC_IO_XENBUS_H

enum xenbus_state {
	XenbusStateUnknown = 0,	      /* node absent or unreadable */
	XenbusStateInitialising = 1,  /* end is setting itself up */
	XenbusStateInitWait = 2,      /* backend: waiting for frontend details */
	XenbusStateInitialised = 3,   /* frontend: rings published */
	XenbusStateConnected = 4,     /* both ends running */
	XenbusStateClosing = 5,	      /* end is going away */
	XenbusStateClosed = 6,	      /* end is gone */
	XenbusStateReconfiguring = 7, /* backend: device set changing */
	XenbusStateReconfigured = 8,  /* backend: change done */
};

typedef enum xenbus_state XenbusState;

#endif /* PUBLIC_IO_XENBUS_H */
