package dev.loupe.local.provision;

import static dev.loupe.local.provision.CfnValues.explicitName;

import java.util.Locale;
import java.util.Map;

import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.BucketAlreadyOwnedByYouException;
import software.amazon.awssdk.services.s3.model.NoSuchBucketException;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * Creates an {@code AWS::S3::Bucket} in S3Proxy unless a persisted store already has it. Only the bucket itself:
 * S3Proxy has no lifecycle rules, default encryption, public access block or ownership controls
 * ({@link Provisioner#gaps}).
 */
final class BucketProvisioner {
    static final String NAME_PREFIX = "loupe-";

    private final S3Client s3;

    BucketProvisioner(S3Client s3) {
        this.s3 = s3;
    }

    /** The physical name: {@code BucketName} if the template gives one, else "loupe-" and the lowercased id. */
    static String bucketName(String logicalId, Map<String, Object> properties) {
        String explicit = explicitName(properties, "BucketName");
        return explicit != null ? explicit : NAME_PREFIX + logicalId.toLowerCase(Locale.ROOT);
    }

    String ensure(String logicalId, Map<String, Object> properties) {
        String name = bucketName(logicalId, properties);
        if (exists(name)) {
            System.out.println("[provision] bucket " + name + " kept");
            return name;
        }
        try {
            s3.createBucket(b -> b.bucket(name));
            System.out.println("[provision] bucket " + name + " created");
        } catch (BucketAlreadyOwnedByYouException e) {
            // created meanwhile: fine
        }
        return name;
    }

    private boolean exists(String name) {
        try {
            s3.headBucket(b -> b.bucket(name));
            return true;
        } catch (NoSuchBucketException e) {
            return false;
        } catch (S3Exception e) {
            if (e.statusCode() == 404) {
                return false;
            }
            throw e;
        }
    }
}
