package io.presenced.client.auth;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSObject;

/** The keys one kind of token is signed with: checks a parsed token's signature, without touching the network. */
interface SignatureKeys {

    /**
     * Checks the signature of {@code jws}.
     *
     * @throws TokenException {@link TokenException.Kind#INVALID} when the algorithm is not accepted, no key fits, or
     *         the signature does not verify
     */
    void verify(JWSObject jws) throws TokenException;

    /** Returns {@code alg NAME} for a registered algorithm; an unknown name is the token's text, so not repeated. */
    static String algName(JWSAlgorithm alg) {
        return alg.getRequirement() == null ? "an unregistered alg" : "alg " + alg.getName();
    }

    static TokenException invalid(String message) {
        return new TokenException(TokenException.Kind.INVALID, message);
    }
}
