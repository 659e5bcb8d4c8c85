// Reference point: what polling systeminformation's currentLoad() at 10 Hz costs.
import si from 'systeminformation';
setInterval(() => void si.currentLoad(), 100);
process.on('SIGTERM', () => process.exit(0));
