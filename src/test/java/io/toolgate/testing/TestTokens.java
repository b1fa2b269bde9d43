package io.toolgate.testing;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.toolgate.json.Json;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.util.Arrays;
import java.util.Base64;
import java.util.Map;

/** Locally generated signing keys and JWTs signed with them, for authentication tests. */
public final class TestTokens {

    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();

    private TestTokens() {
    }

    public static KeyPair rsa() throws GeneralSecurityException {
        KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
        g.initialize(2048);
        return g.generateKeyPair();
    }

    public static KeyPair ec() throws GeneralSecurityException {
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
        g.initialize(new ECGenParameterSpec("secp256r1"));
        return g.generateKeyPair();
    }

    public static String pem(PublicKey key) {
        return "-----BEGIN PUBLIC KEY-----\n" + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                .encodeToString(key.getEncoded()) + "\n-----END PUBLIC KEY-----\n";
    }

    /** A JWKS document holding this key under {@code kid}. */
    public static String jwks(PublicKey key, String kid) {
        ObjectNode jwk = Json.object().put("kid", kid).put("use", "sig");
        if (key instanceof RSAPublicKey r) {
            jwk.put("kty", "RSA").put("n", unsigned(r.getModulus())).put("e", unsigned(r.getPublicExponent()));
        } else {
            ECPublicKey e = (ECPublicKey) key;
            jwk.put("kty", "EC").put("crv", "P-256").put("x", unsigned(e.getW().getAffineX())).put("y", unsigned(e.getW().getAffineY()));
        }
        ObjectNode doc = Json.object();
        doc.putArray("keys").add(jwk);
        return Json.write(doc);
    }

    /** A JWT with these claims, signed with {@code alg} (RS256 or ES256) and the given key id (or none). */
    public static String sign(PrivateKey key, String alg, String kid, Map<String, Object> claims) throws GeneralSecurityException {
        ObjectNode header = Json.object().put("alg", alg).put("typ", "JWT");
        if (kid != null) {
            header.put("kid", kid);
        }
        String signed = B64.encodeToString(Json.write(header).getBytes(StandardCharsets.UTF_8)) + "."
                + B64.encodeToString(Json.write(claims).getBytes(StandardCharsets.UTF_8));
        Signature s = Signature.getInstance(alg.startsWith("RS") ? "SHA256withRSA" : "SHA256withECDSAinP1363Format");
        s.initSign(key);
        s.update(signed.getBytes(StandardCharsets.US_ASCII));
        return signed + "." + B64.encodeToString(s.sign());
    }

    /** Claims valid for an hour from now. */
    public static Map<String, Object> claims(String issuer, String audience, String subject, String scope) {
        long now = System.currentTimeMillis() / 1000;
        return Map.of("iss", issuer, "aud", audience, "sub", subject, "scope", scope, "iat", now, "exp", now + 3600);
    }

    private static String unsigned(BigInteger n) {
        byte[] b = n.toByteArray();
        return B64.encodeToString(b[0] == 0 && b.length > 1 ? Arrays.copyOfRange(b, 1, b.length) : b);
    }
}
