package io.presenced.api;

import java.util.List;
import java.util.Map;

/** The methods of one feature, registered together with {@link ServerApi.Builder#add(ApiMethodGroup)}. */
public interface ApiMethodGroup {

    /** Returns the feature's methods. */
    List<ApiMethod<?, ?>> methods();

    /** Returns the names under which {@code rpc} calls the methods (alias to method name); none by default. */
    default Map<String, String> rpcAliases() {
        return Map.of();
    }
}
