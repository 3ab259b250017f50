import { Testing } from 'cdktf';
// Type-only side effect: brings cdktf's declarations of its matchers on jest.Matchers into
// the program (the runtime registration is Testing.setupJest below).
import 'cdktf/lib/testing/adapters/jest';

Testing.setupJest();
