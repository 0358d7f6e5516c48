import { strict as assert } from "node:assert";
import { shouldFollowStream, streamWatchLine } from "../../../client/src/inlineDiff/followStream";

describe("following a streaming preview down the editor", function () {
  const screen = [{ start: 10, end: 49 }];

  it("scrolls when the stream leaves the bottom of the view the user was watching", function () {
    assert.equal(shouldFollowStream(49, 50, screen), true);
    assert.equal(shouldFollowStream(30, 75, screen), true, "a jump past the bottom from a visible line");
  });

  it("does not scroll while the stream is still on screen, or moves up", function () {
    assert.equal(shouldFollowStream(20, 30, screen), false);
    assert.equal(shouldFollowStream(45, 40, screen), false);
    assert.equal(shouldFollowStream(45, 45, screen), false);
  });

  it("leaves a user who scrolled away where they are", function () {
    assert.equal(shouldFollowStream(5, 60, screen), false, "the stream's last line was above the view");
    assert.equal(shouldFollowStream(55, 60, screen), false, "the stream's last line was below the view");
    assert.equal(shouldFollowStream(49, 60, []), false, "no visible range (editor hidden)");
  });

  it("treats folded regions as gaps: only lines in a visible span count as watched", function () {
    const folded = [{ start: 0, end: 9 }, { start: 40, end: 60 }];
    assert.equal(shouldFollowStream(20, 61, folded), false, "line 20 is inside a fold");
    assert.equal(shouldFollowStream(60, 61, folded), true);
    assert.equal(shouldFollowStream(9, 30, folded), false, "30 is hidden by the fold but above the last visible line");
  });

  it("watches the lower of the frontier and the painted rows", function () {
    assert.equal(streamWatchLine(undefined, []), undefined);
    assert.equal(streamWatchLine(12, []), 12);
    assert.equal(streamWatchLine(undefined, [3, 9, 7]), 9);
    assert.equal(streamWatchLine(12, [14, 15]), 15);
    assert.equal(streamWatchLine(20, [14, 15]), 20);
  });
});
