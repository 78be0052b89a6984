/**
 * User status: last activity and last connection times of users, kept in memory or in Redis.
 */
package io.presenced.status;
