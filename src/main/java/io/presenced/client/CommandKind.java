package io.presenced.client;

import io.presenced.proto.client.Command;

/** Which request a command carries; the first set field in field order wins, as in Centrifugo. */
enum CommandKind {
    CONNECT, SUBSCRIBE, UNSUBSCRIBE, PUBLISH, PRESENCE, PRESENCE_STATS, HISTORY, PING, SEND, RPC, REFRESH,
    SUB_REFRESH, NONE;

    static CommandKind of(Command c) {
        if (c.hasConnect()) {
            return CONNECT;
        } else if (c.hasSubscribe()) {
            return SUBSCRIBE;
        } else if (c.hasUnsubscribe()) {
            return UNSUBSCRIBE;
        } else if (c.hasPublish()) {
            return PUBLISH;
        } else if (c.hasPresence()) {
            return PRESENCE;
        } else if (c.hasPresenceStats()) {
            return PRESENCE_STATS;
        } else if (c.hasHistory()) {
            return HISTORY;
        } else if (c.hasPing()) {
            return PING;
        } else if (c.hasSend()) {
            return SEND;
        } else if (c.hasRpc()) {
            return RPC;
        } else if (c.hasRefresh()) {
            return REFRESH;
        } else if (c.hasSubRefresh()) {
            return SUB_REFRESH;
        }
        return NONE;
    }
}
