// A plain Java client: HttpURLConnection to STS, then a raw Socket whose address, local address
// and TCP_NODELAY must look like a TCP connection to the AWS name, as the JDK checks them.
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URL;

public class SocketSemantics {
    public static void main(String[] args) throws Exception {
        URL url = new URL("http://sts.amazonaws.com/?Action=GetCallerIdentity&Version=2011-06-15");
        HttpURLConnection http = (HttpURLConnection) url.openConnection();
        int status = http.getResponseCode();
        InputStream body = http.getErrorStream() != null ? http.getErrorStream() : http.getInputStream();
        String text = new String(body.readAllBytes(), "UTF-8");
        System.out.println("status " + status);
        System.out.println("body " + text.replace('\n', ' '));
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("sqs.us-east-1.amazonaws.com", 80), 5000);
            s.setTcpNoDelay(true);
            s.setKeepAlive(true);
            System.out.println("peer " + s.getInetAddress().getHostAddress());
            System.out.println("local " + s.getLocalAddress().getHostAddress());
            System.out.println("nodelay " + s.getTcpNoDelay());
        }
    }
}
