package io.presenced.api;

/**
 * The rules every id (user, client, channel) obeys on every transport, so that both engines store exactly what
 * they were given: well-formed UTF-16, hence well-formed UTF-8 on Redis (Lettuce writes an unpaired surrogate as
 * {@code ?}, which would make {@code "\ud800"} and {@code "?"} the same id there but not in memory), and no control
 * characters (C0, DEL and C1).
 */
final class Ids {

    private Ids() {
    }

    /**
     * Checks that {@code id} is well-formed and holds no control character.
     *
     * @throws ApiException 107 naming {@code field} and the offending position
     */
    static void check(String id, String field) {
        wellFormed(id, field);
        for (int i = 0; i < id.length(); i++) {
            if (Character.isISOControl(id.charAt(i))) {
                throw ApiException.badField(field, "character " + i + " is a control character");
            }
        }
    }

    /**
     * Checks that {@code text} has no unpaired surrogate, so that it encodes to UTF-8 and back unchanged.
     *
     * @throws ApiException 107 naming {@code field} and the offending position
     */
    static void wellFormed(String text, String field) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                throw ApiException.badField(field, "character " + i + " is an unpaired surrogate (expected: "
                        + "well-formed Unicode)");
            }
        }
    }
}
