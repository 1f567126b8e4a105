package dev.lifeboat.retention;

import com.amazonaws.services.lambda.runtime.ClientContext;
import com.amazonaws.services.lambda.runtime.CognitoIdentity;
import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.LambdaLogger;
import dev.lifeboat.local.testing.LambdaTestContext;

/** A Lambda context whose remaining time is ample for the first {@code ampleReads} reads and then nearly gone. */
final class DeadlineContext implements Context {

    private final Context delegate = LambdaTestContext.forFunction("lifeboat-retention");
    private int reads;
    private final int ampleReads;

    DeadlineContext(int ampleReads) {
        this.ampleReads = ampleReads;
    }

    @Override
    public int getRemainingTimeInMillis() {
        return reads++ < ampleReads ? 600_000 : 5_000;
    }

    @Override
    public String getAwsRequestId() {
        return delegate.getAwsRequestId();
    }

    @Override
    public String getLogGroupName() {
        return delegate.getLogGroupName();
    }

    @Override
    public String getLogStreamName() {
        return delegate.getLogStreamName();
    }

    @Override
    public String getFunctionName() {
        return delegate.getFunctionName();
    }

    @Override
    public String getFunctionVersion() {
        return delegate.getFunctionVersion();
    }

    @Override
    public String getInvokedFunctionArn() {
        return delegate.getInvokedFunctionArn();
    }

    @Override
    public CognitoIdentity getIdentity() {
        return null;
    }

    @Override
    public ClientContext getClientContext() {
        return null;
    }

    @Override
    public int getMemoryLimitInMB() {
        return delegate.getMemoryLimitInMB();
    }

    @Override
    public LambdaLogger getLogger() {
        return delegate.getLogger();
    }
}
