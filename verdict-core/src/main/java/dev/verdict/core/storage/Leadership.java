package dev.verdict.core.storage;

/**
 * Which server runs the cluster's background chores (rolling up, counting timings, retention, the
 * outbox's retries): one at a time among the servers sharing a store, so each chore's round is
 * done once in the cluster rather than once a server. A server that dies gives the role up with
 * its connection, and the next to ask takes it.
 */
public interface Leadership extends AutoCloseable {
    /**
     * Whether this server runs the chores now: confirms the role it holds, or takes it when no
     * live server does. Cheap enough to ask before every round.
     */
    boolean lead();

    /** What the last {@link #lead()} found, without asking the store again. */
    boolean leading();

    /** Gives the role up, so another server takes it at its next round. */
    @Override
    void close();

    /** A store only this process serves (a SQLite file): it always leads. */
    Leadership ALONE = new Leadership() {
        @Override
        public boolean lead() {
            return true;
        }

        @Override
        public boolean leading() {
            return true;
        }

        @Override
        public void close() {}
    };
}
