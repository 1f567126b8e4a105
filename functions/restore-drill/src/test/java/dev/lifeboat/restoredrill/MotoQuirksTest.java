package dev.lifeboat.restoredrill;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lifeboat.local.emulator.Emulator;
import dev.lifeboat.local.emulator.MotoExtension;
import java.net.InetSocketAddress;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.rds.RdsClient;
import software.amazon.awssdk.services.rds.model.DBInstance;

/** The moto 5.2 behaviours the drill tests depend on, each checked here so that a moto upgrade that changes one is noticed. */
@ExtendWith(MotoExtension.class)
class MotoQuirksTest {

    @Test
    void motoRdsInstancesAreAvailableAtOnceSoTheTimeoutTestStopsTheRestoredInstance(Emulator emulator) {
        // On AWS a restore takes minutes ("creating", "backing-up" ...); moto's instance is "available"
        // as soon as it exists. The time-out drill test stops it: "stopped" is neither ready nor broken
        // for the workflow's IsRestoreReady choice, so the workflow waits until its time limit.
        RdsClient rds = emulator.client(RdsClient.builder(), Emulator.RECOVERY);
        rds.createDBInstance(r -> r.dbInstanceIdentifier("quirk-db").engine("postgres").dbInstanceClass("db.t4g.micro")
                .masterUsername("lifeboat").masterUserPassword("not-a-secret-1").allocatedStorage(20));

        String created = status(rds);
        rds.stopDBInstance(r -> r.dbInstanceIdentifier("quirk-db"));

        assertThat(created).isEqualTo("available");
        assertThat(status(rds)).isEqualTo("stopped");
    }

    @Test
    void motoRdsEndpointsResolveNowhereSoADrillsTcpProbeFails(Emulator emulator) {
        // The validation-failure drill test relies on it: the TCP probe to a restored database's endpoint fails.
        RdsClient rds = emulator.client(RdsClient.builder(), Emulator.RECOVERY);
        DBInstance instance = rds.createDBInstance(r -> r.dbInstanceIdentifier("quirk-db").engine("postgres").dbInstanceClass("db.t4g.micro")
                .masterUsername("lifeboat").masterUserPassword("not-a-secret-1").allocatedStorage(20)).dbInstance();

        assertThat(instance.endpoint().address()).endsWith(".rds.amazonaws.com");
        assertThat(new InetSocketAddress(instance.endpoint().address(), instance.endpoint().port()).isUnresolved()).isTrue();
    }

    private static String status(RdsClient rds) {
        return rds.describeDBInstances(r -> r.dbInstanceIdentifier("quirk-db")).dbInstances().get(0).dbInstanceStatus();
    }
}
