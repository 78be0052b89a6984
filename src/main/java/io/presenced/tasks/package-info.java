/**
 * Background work of a node: {@link io.presenced.tasks.BackgroundTasks} runs every periodic task (sweeps,
 * samplers, lease renewal, channel-state polls) so that a failing run is counted and logged and the task keeps its
 * schedule. The executors themselves belong to the parts that own the work; this package holds no thread.
 */
package io.presenced.tasks;
