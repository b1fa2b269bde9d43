package io.toolgate.auth;

import com.fasterxml.jackson.databind.JsonNode;

import java.math.BigInteger;
import java.security.AlgorithmParameters;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.ECParameterSpec;
import java.security.spec.ECPoint;
import java.security.spec.ECPublicKeySpec;
import java.security.spec.RSAPublicKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;
import java.util.Map;

/** Public keys from a PEM {@code PUBLIC KEY} block (RSA or EC) and from JSON Web Keys. */
public final class Keys {

    private static final Map<String, String> CURVES = Map.of("P-256", "secp256r1", "P-384", "secp384r1", "P-521", "secp521r1");

    private Keys() {
    }

    public static PublicKey fromPem(String pem) throws GeneralSecurityException {
        String b64 = pem.replaceAll("-----(BEGIN|END) PUBLIC KEY-----", "").replaceAll("\\s", "");
        if (!pem.contains("-----BEGIN PUBLIC KEY-----") || b64.isEmpty()) {
            throw new GeneralSecurityException("not a PEM 'PUBLIC KEY' block");
        }
        X509EncodedKeySpec spec = new X509EncodedKeySpec(Base64.getDecoder().decode(b64));
        try {
            return KeyFactory.getInstance("RSA").generatePublic(spec);
        } catch (GeneralSecurityException notRsa) {
            return KeyFactory.getInstance("EC").generatePublic(spec);
        }
    }

    /** The key of one JWK, or {@code null} when it is not an RSA or EC signature key. */
    public static PublicKey fromJwk(JsonNode jwk) throws GeneralSecurityException {
        if (jwk.has("use") && !"sig".equals(jwk.path("use").asText())) {
            return null;
        }
        Base64.Decoder d = Base64.getUrlDecoder();
        switch (jwk.path("kty").asText()) {
            case "RSA" -> {
                return KeyFactory.getInstance("RSA").generatePublic(new RSAPublicKeySpec(
                        new BigInteger(1, d.decode(jwk.path("n").asText())), new BigInteger(1, d.decode(jwk.path("e").asText()))));
            }
            case "EC" -> {
                String curve = CURVES.get(jwk.path("crv").asText());
                if (curve == null) {
                    return null;
                }
                AlgorithmParameters params = AlgorithmParameters.getInstance("EC");
                params.init(new ECGenParameterSpec(curve));
                ECPoint point = new ECPoint(new BigInteger(1, d.decode(jwk.path("x").asText())),
                        new BigInteger(1, d.decode(jwk.path("y").asText())));
                return KeyFactory.getInstance("EC").generatePublic(
                        new ECPublicKeySpec(point, params.getParameterSpec(ECParameterSpec.class)));
            }
            default -> {
                return null;
            }
        }
    }
}
