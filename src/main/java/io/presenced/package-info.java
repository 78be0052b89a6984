/**
 * The presenced server: the command-line entry point and the wiring of one node.
 */
package io.presenced;
