package io.presenced.state;

/**
 * Which partitions this node delivers. At most one live node owns a partition at a time.
 */
public interface PartitionOwnership extends AutoCloseable {

    /** Ownership of a single node: it owns every partition. */
    PartitionOwnership ALL = new PartitionOwnership() {
        @Override
        public boolean owns(int partition) {
            return true;
        }

        @Override
        public void close() {
        }
    };

    /** Returns whether this node owns {@code partition} now. Cheap; called on every delivery step. */
    boolean owns(int partition);

    /** Gives up every partition so that another node can take them over at once. */
    @Override
    void close();
}
