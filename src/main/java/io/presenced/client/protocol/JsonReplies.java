package io.presenced.client.protocol;

import java.io.IOException;
import java.util.Map;

import com.google.protobuf.ByteString;

import com.fasterxml.jackson.core.JsonGenerator;

import io.presenced.proto.client.ClientInfo;
import io.presenced.proto.client.ConnectResult;
import io.presenced.proto.client.Push;
import io.presenced.proto.client.Reply;
import io.presenced.proto.client.SubscribeResult;

/**
 * Writes a reply as Centrifugo's JSON: proto field names, zero values left out except the always-emitted ones
 * ({@code client}, {@code user}, {@code presence}, {@code num_clients}, {@code num_users}), {@code bytes} fields as
 * raw embedded JSON. A reply with nothing set is the server's ping, {@code {}}.
 */
final class JsonReplies {

    private JsonReplies() {
    }

    static void write(JsonGenerator g, Reply r) throws IOException {
        g.writeStartObject();
        if (r.getId() != 0) {
            g.writeNumberField("id", Integer.toUnsignedLong(r.getId()));
        }
        if (r.hasError()) {
            g.writeObjectFieldStart("error");
            g.writeNumberField("code", r.getError().getCode());
            g.writeStringField("message", r.getError().getMessage());
            if (r.getError().getTemporary()) {
                g.writeBooleanField("temporary", true);
            }
            g.writeEndObject();
        } else if (r.hasPush()) {
            push(g, r.getPush());
        } else if (r.hasConnect()) {
            connect(g, r.getConnect());
        } else if (r.hasSubscribe()) {
            g.writeFieldName("subscribe");
            subscribe(g, r.getSubscribe());
        } else if (r.hasUnsubscribe()) {
            empty(g, "unsubscribe");
        } else if (r.hasPresence()) {
            g.writeObjectFieldStart("presence");
            g.writeObjectFieldStart("presence");
            for (Map.Entry<String, ClientInfo> e : r.getPresence().getPresenceMap().entrySet()) {
                g.writeFieldName(e.getKey());
                clientInfo(g, e.getValue());
            }
            g.writeEndObject();
            g.writeEndObject();
        } else if (r.hasPresenceStats()) {
            g.writeObjectFieldStart("presence_stats");
            g.writeNumberField("num_clients", r.getPresenceStats().getNumClients());
            g.writeNumberField("num_users", r.getPresenceStats().getNumUsers());
            g.writeEndObject();
        } else if (r.hasPing()) {
            empty(g, "ping");
        } else if (r.hasRpc()) {
            g.writeObjectFieldStart("rpc");
            raw(g, "data", r.getRpc().getData());
            g.writeEndObject();
        } else if (r.hasRefresh()) {
            g.writeObjectFieldStart("refresh");
            g.writeStringField("client", r.getRefresh().getClient());
            string(g, "version", r.getRefresh().getVersion());
            expiry(g, r.getRefresh().getExpires(), r.getRefresh().getTtl());
            g.writeEndObject();
        } else if (r.hasSubRefresh()) {
            expiryObject(g, "sub_refresh", r.getSubRefresh().getExpires(), r.getSubRefresh().getTtl());
        }
        g.writeEndObject();
    }

    private static void connect(JsonGenerator g, ConnectResult c) throws IOException {
        g.writeObjectFieldStart("connect");
        g.writeStringField("client", c.getClient());
        string(g, "version", c.getVersion());
        expiry(g, c.getExpires(), c.getTtl());
        raw(g, "data", c.getData());
        if (c.getSubsCount() > 0) {
            g.writeObjectFieldStart("subs");
            for (Map.Entry<String, SubscribeResult> e : c.getSubsMap().entrySet()) {
                g.writeFieldName(e.getKey());
                subscribe(g, e.getValue());
            }
            g.writeEndObject();
        }
        if (c.getPing() != 0) {
            g.writeNumberField("ping", c.getPing());
        }
        if (c.getPong()) {
            g.writeBooleanField("pong", true);
        }
        string(g, "session", c.getSession());
        string(g, "node", c.getNode());
        if (c.getTime() != 0) {
            g.writeNumberField("time", c.getTime());
        }
        g.writeEndObject();
    }

    private static void subscribe(JsonGenerator g, SubscribeResult s) throws IOException {
        g.writeStartObject();
        expiry(g, s.getExpires(), s.getTtl());
        raw(g, "data", s.getData());
        g.writeEndObject();
    }

    private static void push(JsonGenerator g, Push p) throws IOException {
        g.writeObjectFieldStart("push");
        string(g, "channel", p.getChannel());
        if (p.hasPub()) {
            g.writeObjectFieldStart("pub");
            raw(g, "data", p.getPub().getData());
            g.writeEndObject();
        } else if (p.hasJoin()) {
            g.writeObjectFieldStart("join");
            g.writeFieldName("info");
            clientInfo(g, p.getJoin().getInfo());
            g.writeEndObject();
        } else if (p.hasLeave()) {
            g.writeObjectFieldStart("leave");
            g.writeFieldName("info");
            clientInfo(g, p.getLeave().getInfo());
            g.writeEndObject();
        } else if (p.hasUnsubscribe()) {
            g.writeObjectFieldStart("unsubscribe");
            g.writeNumberField("code", p.getUnsubscribe().getCode());
            string(g, "reason", p.getUnsubscribe().getReason());
            g.writeEndObject();
        } else if (p.hasDisconnect()) {
            g.writeObjectFieldStart("disconnect");
            g.writeNumberField("code", p.getDisconnect().getCode());
            string(g, "reason", p.getDisconnect().getReason());
            if (p.getDisconnect().getReconnect()) {
                g.writeBooleanField("reconnect", true);
            }
            g.writeEndObject();
        } else if (p.hasRefresh()) {
            expiryObject(g, "refresh", p.getRefresh().getExpires(), p.getRefresh().getTtl());
        }
        g.writeEndObject();
    }

    // An object holding only an expiry: a sub_refresh answer, a refresh push.
    private static void expiryObject(JsonGenerator g, String name, boolean expires, int ttl) throws IOException {
        g.writeObjectFieldStart(name);
        expiry(g, expires, ttl);
        g.writeEndObject();
    }

    private static void clientInfo(JsonGenerator g, ClientInfo c) throws IOException {
        g.writeStartObject();
        g.writeStringField("user", c.getUser());
        g.writeStringField("client", c.getClient());
        raw(g, "conn_info", c.getConnInfo());
        raw(g, "chan_info", c.getChanInfo());
        g.writeEndObject();
    }

    private static void expiry(JsonGenerator g, boolean expires, int ttl) throws IOException {
        if (expires) {
            g.writeBooleanField("expires", true);
        }
        if (ttl != 0) {
            g.writeNumberField("ttl", Integer.toUnsignedLong(ttl));
        }
    }

    private static void empty(JsonGenerator g, String field) throws IOException {
        g.writeObjectFieldStart(field);
        g.writeEndObject();
    }

    private static void string(JsonGenerator g, String field, String value) throws IOException {
        if (!value.isEmpty()) {
            g.writeStringField(field, value);
        }
    }

    // The bytes are JSON text presenced checked or produced itself (token infos, request data).
    private static void raw(JsonGenerator g, String field, ByteString value) throws IOException {
        if (!value.isEmpty()) {
            g.writeFieldName(field);
            g.writeRawValue(value.toStringUtf8());
        }
    }
}
