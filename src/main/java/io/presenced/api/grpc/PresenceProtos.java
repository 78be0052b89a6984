package io.presenced.api.grpc;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.google.protobuf.ByteString;

import io.presenced.api.JsonParams;
import io.presenced.api.PresenceMethods.ClientsRequest;
import io.presenced.api.PresenceMethods.JoinRequest;
import io.presenced.api.PresenceMethods.LeaveRequest;
import io.presenced.presence.ChannelClient;
import io.presenced.presence.ClientInfo;
import io.presenced.presence.PresenceEntry;
import io.presenced.presence.PresenceStats;
import io.presenced.proto.api.ChannelInfo;
import io.presenced.proto.api.ChannelsResult;
import io.presenced.proto.api.PresenceDisconnectRequest;
import io.presenced.proto.api.PresenceJoinEntry;
import io.presenced.proto.api.PresenceJoinRequest;
import io.presenced.proto.api.PresenceLeaveEntry;
import io.presenced.proto.api.PresenceLeaveRequest;
import io.presenced.proto.api.PresenceRefreshRequest;
import io.presenced.proto.api.PresenceResult;
import io.presenced.proto.api.PresenceStatsResult;

/**
 * Mapping between the channel-presence protobuf messages and the request and result records of
 * {@link io.presenced.api.PresenceMethods}. {@code conn_info} and {@code chan_info} carry raw JSON on both sides;
 * bytes that are not JSON are a bad request naming the field.
 */
final class PresenceProtos {

    private PresenceProtos() {
    }

    static JoinRequest join(PresenceJoinRequest p) {
        List<PresenceEntry> entries = new ArrayList<>();
        boolean top = !p.getChannel().isEmpty() || !p.getClient().isEmpty();
        if (top) {
            entries.add(entry(p.getChannel(), p.getClient(), p.getUser(), p.getConnInfo(), p.getChanInfo(), ""));
        }
        for (int i = 0; i < p.getEntriesCount(); i++) {
            PresenceJoinEntry e = p.getEntries(i);
            entries.add(entry(e.getChannel(), e.getClient(), e.getUser(), e.getConnInfo(), e.getChanInfo(),
                    "entries[" + i + "]."));
        }
        return new JoinRequest(entries, top);
    }

    private static PresenceEntry entry(String channel, String client, String user, ByteString connInfo,
                                       ByteString chanInfo, String at) {
        return new PresenceEntry(channel, new ClientInfo(client, user, json(connInfo, at + "conn_info"),
                json(chanInfo, at + "chan_info")));
    }

    static LeaveRequest leave(PresenceLeaveRequest p) {
        List<ChannelClient> entries = new ArrayList<>();
        boolean top = !p.getChannel().isEmpty() || !p.getClient().isEmpty();
        if (top) {
            entries.add(new ChannelClient(p.getChannel(), p.getClient()));
        }
        for (PresenceLeaveEntry e : p.getEntriesList()) {
            entries.add(new ChannelClient(e.getChannel(), e.getClient()));
        }
        return new LeaveRequest(entries, top);
    }

    static ClientsRequest refresh(PresenceRefreshRequest p) {
        return clients(p.getClient(), p.getClientsList());
    }

    static ClientsRequest disconnect(PresenceDisconnectRequest p) {
        return clients(p.getClient(), p.getClientsList());
    }

    private static ClientsRequest clients(String client, List<String> clients) {
        List<String> all = new ArrayList<>();
        if (!client.isEmpty()) {
            all.add(client);
        }
        all.addAll(clients);
        return new ClientsRequest(all, !client.isEmpty());
    }

    static PresenceResult presence(Map<String, ClientInfo> presence) {
        PresenceResult.Builder b = PresenceResult.newBuilder();
        presence.forEach((id, c) -> {
            io.presenced.proto.api.ClientInfo.Builder info = io.presenced.proto.api.ClientInfo.newBuilder()
                    .setUser(c.user()).setClient(c.client());
            if (c.connInfo() != null) {
                info.setConnInfo(ByteString.copyFromUtf8(c.connInfo()));
            }
            if (c.chanInfo() != null) {
                info.setChanInfo(ByteString.copyFromUtf8(c.chanInfo()));
            }
            b.putPresence(id, info.build());
        });
        return b.build();
    }

    static PresenceStatsResult stats(PresenceStats s) {
        return PresenceStatsResult.newBuilder().setNumClients(s.numClients()).setNumUsers(s.numUsers()).build();
    }

    static ChannelsResult channels(Map<String, Integer> channels) {
        ChannelsResult.Builder b = ChannelsResult.newBuilder();
        channels.forEach((ch, n) -> b.putChannels(ch, ChannelInfo.newBuilder().setNumClients(n).build()));
        return b.build();
    }

    // JSON null is no info, as the HTTP API reads "conn_info": null; otherwise readers would get a literal null.
    private static String json(ByteString bytes, String field) {
        JsonNode node = JsonParams.parse(bytes.toByteArray(), field);
        return node == null || node.isNull() ? null : node.toString();
    }
}
