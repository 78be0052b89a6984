/**
 * User status: Centrifugo's last activity and last connection times, and the richer model beside them (reporting
 * devices, a manual state, a custom status, an activity), kept in memory or in Redis behind one
 * {@link io.presenced.status.StatusStore} role. Stores keep facts only; {@link io.presenced.status.StatusRecord#at}
 * and {@link io.presenced.status.StatusModel} turn them into what a reader sees, at read time, for both engines
 * alike. No transport lives here: the API's methods and validation are in {@code api}.
 */
package io.presenced.status;
