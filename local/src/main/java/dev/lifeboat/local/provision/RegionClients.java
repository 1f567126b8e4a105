package dev.lifeboat.local.provision;

import dev.lifeboat.shared.aws.AwsClientFactory;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.ssm.SsmClient;

/** The clients the provisioner needs in one region of the emulator. */
record RegionClients(DynamoDbClient dynamoDb, SqsClient sqs, SnsClient sns, KmsClient kms, S3Client s3, SsmClient ssm)
        implements AutoCloseable {

    static RegionClients of(AwsClientFactory factory, String regionId) {
        Region region = Region.of(regionId);
        return new RegionClients(
                factory.client(DynamoDbClient.builder(), "DYNAMODB", region),
                factory.client(SqsClient.builder(), "SQS", region),
                factory.client(SnsClient.builder(), "SNS", region),
                factory.client(KmsClient.builder(), "KMS", region),
                // the emulator serves every bucket from one host
                factory.client(S3Client.builder().forcePathStyle(true), "S3", region),
                factory.client(SsmClient.builder(), "SSM", region));
    }

    @Override
    public void close() {
        dynamoDb.close();
        sqs.close();
        sns.close();
        kms.close();
        s3.close();
        ssm.close();
    }
}
