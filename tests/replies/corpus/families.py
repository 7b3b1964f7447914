"""Paraphrase families for the reply corpus: one idea per family, in our own words.

A family is (id, language, intent, pain, red-flag categories, texts, context). A text may hold
`{n}`: it is then written out with several scores and `pain` is that score. `generate.py`
adds persona noise (typos, emoji, greetings, lower case) and splits by family.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Family:
    """One idea, written several ways; every text carries the same labels."""

    id: str
    lang: str
    intent: str
    texts: tuple[str, ...]
    pain: int | None = None
    categories: tuple[str, ...] = ()
    context: str | None = None
    scores: tuple[int, ...] = field(default=(0, 2, 3, 5, 6, 8, 10))
    noise: bool = True  # exact keywords stay as they are when False


FAMILIES: list[Family] = []


def f(
    fid: str,
    lang: str,
    intent: str,
    *texts: str,
    pain: int | None = None,
    flags: str = "",
    ctx: str | None = None,
    noise: bool = True,
) -> None:
    """Add one family (flags: comma-separated red-flag categories)."""
    cats = tuple(c for c in flags.split(",") if c)
    FAMILIES.append(Family(fid, lang, intent, texts, pain, cats, ctx, noise=noise))


# ---------------------------------------------------------------- pain reports, English
f("en.pain.bare", "en", "pain_report", "{n}", "{n} today", "its a {n}", ctx="checkin")
f("en.pain.about", "en", "pain_report", "about a {n}", "{n}ish", "maybe {n}", "id say {n}")
f("en.pain.slash", "en", "pain_report", "{n}/10", "{n} out of 10", "{n} of 10 today")
f("en.pain.labelled", "en", "pain_report", "pain {n}", "pain level {n}", "Pain is {n}")
f(
    "en.pain.neck",
    "en",
    "pain_report",
    "neck is at {n}",
    "my neck is a {n} this morning",
    "neck pain {n} rn",
)
f(
    "en.pain.story",
    "en",
    "pain_report",
    "Slept badly on the new pillow so probably a {n} today, going to try the stretches later",
    "long day at work, sat at the laptop for hours, neck around {n} now",
)
f("en.pain.word", "en", "pain_report", "five", "a five today", "Five out of ten", pain=5)
f("en.pain.word3", "en", "pain_report", "three", "three I think", "prob a three", pain=3)
f("en.pain.word7", "en", "pain_report", "seven", "its a seven again", "seven today ugh", pain=7)
f("en.pain.word2", "en", "pain_report", "two today, much better", "only a two", pain=2)
f("en.pain.none", "en", "pain_report", "no pain today!", "zero pain", "no pain at all", pain=0)
f("en.pain.range", "en", "pain_report", "5-6", "5 or 6", "between 5 and 6", pain=6)
f("en.pain.range34", "en", "pain_report", "3 or 4 today", "3-4ish", "somewhere 3 to 4", pain=4)
f(
    "en.pain.two_days",
    "en",
    "pain_report",
    "7 yesterday, 4 today",
    "was 7 last night now 4",
    "down from 7 to 4",
    pain=4,
)
f("en.pain.keycap", "en", "pain_report", "4\ufe0f\u20e3", "pain 4\ufe0f\u20e3 today", pain=4)
f("en.pain.decimal", "en", "pain_report", "6.5", "about 6.5 today", pain=7)
f(
    "en.pain.with_temp",
    "en",
    "pain_report",
    "pain {n}, it was 90 degrees out so I stayed in",
    "{n} today, hot out, 95F",
)
f(
    "en.pain.with_age",
    "en",
    "pain_report",
    "im 67 and my neck is a {n} today",
    "at 72 everything hurts but neck is {n}",
)
f("en.pain.with_time", "en", "pain_report", "woke at 6 with pain {n}", "{n} at 7am, better now")
f(
    "en.pain.bad_day",
    "en",
    "pain_report",
    "bad day, 8",
    "terrible, an 8",
    "8 its killing me",
    pain=8,
)
f("en.pain.good_day", "en", "pain_report", "good day, 1", "feeling great, like a 1", pain=1)
f("en.pain.nine", "en", "pain_report", "9 cant turn my head", "9 today worst yet", pain=9)
f(
    "en.pain.exercise_helped",
    "en",
    "pain_report",
    "the stretches helped, down to {n}",
    "chin tucks seem to work, {n} now",
)
# how the neck feels, no number
f(
    "en.feel.worse",
    "en",
    "pain_report",
    "worse than yesterday",
    "its getting worse",
    "a bit worse today tbh",
    "worse after work",
)
f(
    "en.feel.better",
    "en",
    "pain_report",
    "a lot better today",
    "feeling much better",
    "neck feels better thanks",
    "better than yesterday",
)
f(
    "en.feel.sore",
    "en",
    "pain_report",
    "a little sore",
    "bit sore this morning",
    "sore but ok",
    "kinda achy",
)
f(
    "en.feel.stiff",
    "en",
    "pain_report",
    "neck is stiff today",
    "really stiff when I woke up",
    "stiff again",
    "tight and stiff after driving",
)
f(
    "en.feel.same",
    "en",
    "pain_report",
    "about the same",
    "same as yesterday",
    "no change really",
    "same old",
)
f(
    "en.feel.bad",
    "en",
    "pain_report",
    "pretty bad today",
    "hurting a lot",
    "its really bad today",
    "killing me today",
)
f(
    "en.feel.spasm",
    "en",
    "pain_report",
    "muscle spasm on the left side again",
    "spasms in my shoulder and neck",
    "neck keeps cramping",
)
f(
    "en.feel.headache",
    "en",
    "pain_report",
    "neck tight and a mild headache",
    "tension headache from my neck again",
)
f(
    "en.feel.resolved_numb",
    "en",
    "pain_report",
    "the numbness is gone today",
    "no more tingling, just stiff",
    "hand feels normal again, only sore neck",
)
# hard negatives: numbers that are not scores
f("en.num.outofrange", "en", "pain_report", "12", "15", ctx="checkin")
f(
    "en.num.overten",
    "en",
    "pain_report",
    "11/10 this is awful",
    "its like a 12 out of 10",
    pain=None,
)
f("en.num.otherscale", "en", "other", "4/5", "3 out of 5", "2 out of 4 stars lol")
f("en.num.date", "en", "other", "see you 3/14", "appt on 12/20", "my appt is 6/9")
f("en.num.phone", "en", "other", "call me at 555 201 3344", "my new number is 555-867-1200")
f(
    "en.num.dose",
    "en",
    "question",
    "can I take 2 advil with this?",
    "is 400mg ibuprofen ok to take?",
    "can i take tylenol at night",
)
f("en.num.hours", "en", "other", "been at my desk 9 hours lol", "drove 6 hours yesterday")
f("en.num.reps", "en", "exercise_done", "did 10 reps", "did 3 sets of 10", "did all 10 reps twice")
# others' symptoms: hard negatives for red flags
f(
    "en.other.kid_fever",
    "en",
    "other",
    "my kid has a fever so I'm home today",
    "my daughter is sick with a fever, will do exercises later",
)
f(
    "en.other.husband_chest",
    "en",
    "other",
    "my husband had chest pains last week, he's fine now, just stressed",
    "dad was in the hospital for his heart, visiting him",
)
f(
    "en.other.friend_crash",
    "en",
    "other",
    "my friend was in a car accident, praying for her",
    "my sister crashed her car but she's ok",
)
f(
    "en.other.movie",
    "en",
    "other",
    "watching a movie about a stroke survivor, so sad",
    "reading about meningitis in the news",
)
f(
    "en.other.chat",
    "en",
    "other",
    "my dog ate my phone charger",
    "lol sorry wrong chat",
    "the weather is nice today",
    "I'm at the store",
)
f(
    "en.other.stop_senses",
    "en",
    "other",
    "cant stop looking at my phone lol",
    "I stopped at the pharmacy",
    "missed my bus stop lol",
    "the rain finally stopped",
)
f(
    "en.feel.wont_stop",
    "en",
    "pain_report",
    "the pain won't stop",
    "this ache just won't stop today",
    "it hurts nonstop since lunch",
)
f(
    "en.other.thanks_long",
    "en",
    "other",
    "thank you for checking in, it means a lot",
    "you guys are great thank you",
)
f(
    "en.ack.ok",
    "en",
    "other",
    "ok",
    "okay",
    "ok thanks",
    "thanks",
    "got it",
    "\U0001f44d",
    noise=False,
)
f("en.ack.will", "en", "other", "will do", "sounds good", "perfect thanks", "cool thx", noise=False)
# negated / past symptoms
f(
    "en.neg.numb",
    "en",
    "pain_report",
    "no numbness, pain {n}",
    "no tingling today, about {n}",
    "arms fine no weakness. {n}",
)
f(
    "en.neg.fever",
    "en",
    "pain_report",
    "no fever, just stiff",
    "no fever or rash, sore though",
    "temp normal, neck stiff",
)
f("en.neg.chest", "en", "pain_report", "no chest pain, just the neck at {n}", "not dizzy, pain {n}")
f(
    "en.neg.accident",
    "en",
    "pain_report",
    "the car accident was 10 years ago, neck is {n} today",
    "old whiplash from years back, {n} now",
)
f(
    "en.neg.weight",
    "en",
    "pain_report",
    "lost 5 lbs on purpose, diet going well, neck {n}",
    "dieting and lost weight, feel good, {n}",
)
f(
    "en.neg.sweat",
    "en",
    "pain_report",
    "sweaty after the gym but neck only {n}",
    "hot flashes from menopause, neck {n}",
)
f(
    "en.neg.fall_ok",
    "en",
    "other",
    "almost fell on the ice but caught myself, all good",
    "tripped on the stairs but didnt fall",
)
f(
    "en.neg.dead",
    "en",
    "other",
    "im dead tired lol",
    "this traffic is killing me",
    "my phone died yesterday sorry",
)
f(
    "en.neg.swallow",
    "en",
    "pain_report",
    "no trouble swallowing, throat fine, neck {n}",
    "no lumps that I can feel, pain {n}",
)

# ---------------------------------------------------------------- red flags, English
f(
    "en.rf.cardiac.jaw",
    "en",
    "pain_report",
    "pressure in my chest going up into my jaw",
    "chest feels tight and it spreads to my jaw and left arm",
    "heavy feeling in my chest moving up to my neck",
    "squeezing in my chest, jaw aches too",
    flags="cardiac",
)
f(
    "en.rf.cardiac.sweat",
    "en",
    "pain_report",
    "chest pain and I'm sweating a lot and feel sick",
    "my chest hurts and im clammy and nauseous",
    "chest pain with nausea since lunch",
    flags="cardiac",
)
f(
    "en.rf.cardiac.arm",
    "en",
    "pain_report",
    "pain going from my chest down my left arm",
    "left arm and chest hurt at the same time, pain {n}",
    "tightness across my chest into my arm",
    flags="cardiac",
)
f(
    "en.rf.stroke.speech",
    "en",
    "pain_report",
    "my words are coming out wrong",
    "speech is slurred since this morning",
    "can't get my words out right",
    "talking funny, words jumbled",
    flags="stroke",
)
f(
    "en.rf.stroke.face",
    "en",
    "pain_report",
    "one side of my face is drooping",
    "my face looks droopy on the left",
    "my smile is crooked all of a sudden",
    flags="stroke",
)
f(
    "en.rf.stroke.vision",
    "en",
    "pain_report",
    "suddenly seeing double",
    "double vision came on all at once",
    "everything is doubled when i look up",
    flags="stroke",
)
f(
    "en.rf.stroke.tearing",
    "en",
    "pain_report",
    "sudden tearing pain in my neck, worst ever",
    "a ripping pain in the side of my neck out of nowhere",
    flags="stroke",
)
f(
    "en.rf.stroke.faint",
    "en",
    "pain_report",
    "I fainted this morning",
    "passed out in the kitchen",
    "blacked out for a second after turning my head",
    flags="stroke",
)
f(
    "en.rf.airway.breath",
    "en",
    "pain_report",
    "I can't breathe properly",
    "having trouble breathing",
    "struggling to catch my breath",
    "short of breath and neck swollen",
    flags="airway",
)
f(
    "en.rf.airway.swell",
    "en",
    "pain_report",
    "my neck is swelling and it's hard to breathe",
    "throat swelling up, hard to swallow and breathe",
    flags="airway",
)
f(
    "en.rf.selfharm.die",
    "en",
    "other",
    "i want to die",
    "I don't want to be alive anymore",
    "I wish I was dead",
    "whats the point of living like this",
    flags="self_harm",
)
f(
    "en.rf.selfharm.hurt",
    "en",
    "other",
    "i want to hurt myself",
    "thinking about ending it all",
    "I might kill myself",
    "i feel like ending my life",
    flags="self_harm",
)
f(
    "en.rf.infection.fever_stiff",
    "en",
    "pain_report",
    "fever and my neck is really stiff",
    "101 fever and cant bend my neck",
    "running a temp of 102 and stiff neck",
    "feverish with a stiff neck, {n}",
    flags="infection",
)
f(
    "en.rf.infection.rash",
    "en",
    "pain_report",
    "I have a rash that doesn't go away when I press a glass on it",
    "little purple spots on my legs that don't fade",
    "red dots on my skin that stay when I press them",
    flags="infection",
)
f(
    "en.rf.infection.light",
    "en",
    "pain_report",
    "light hurts my eyes and my neck is stiff",
    "cant stand bright light, neck very stiff",
    flags="infection",
)
f(
    "en.rf.neuro.numb",
    "en",
    "pain_report",
    "my left hand is numb",
    "numbness down my right arm",
    "cant feel my fingers",
    "arm went numb again, {n}",
    flags="neurological",
)
f(
    "en.rf.neuro.weak",
    "en",
    "pain_report",
    "my arm feels weak",
    "grip is weak, cant open jars",
    "my right arm is weak today",
    "hand has no strength",
    flags="neurological",
)
f(
    "en.rf.neuro.clumsy",
    "en",
    "pain_report",
    "keep dropping things",
    "my hands are clumsy, cant button my shirt",
    "hand feels clumsy, pain {n}",
    flags="neurological",
)
f(
    "en.rf.neuro.tingle",
    "en",
    "pain_report",
    "pins and needles in both hands",
    "both hands tingling",
    "tingling in both my hands since yesterday",
    flags="neurological",
)
f(
    "en.rf.neuro.walk",
    "en",
    "pain_report",
    "wobbly when I walk",
    "legs feel unsteady, almost fell",
    "walking like im drunk but i havent had anything",
    flags="neurological",
)
f(
    "en.rf.neuro.bladder",
    "en",
    "pain_report",
    "i peed myself this morning",
    "cant control my bladder",
    "having trouble controlling my bowels",
    flags="neurological",
)
f(
    "en.rf.neuro.shock",
    "en",
    "pain_report",
    "electric shock down my back when I look down",
    "like an electric zap down my spine when I bend my head",
    flags="neurological",
)
f(
    "en.rf.neuro.returns",
    "en",
    "pain_report",
    "the numbness went away but its back",
    "tingling came back in my arm today",
    flags="neurological",
)
f(
    "en.rf.trauma.crash",
    "en",
    "pain_report",
    "I was in a car crash yesterday",
    "rear-ended this morning, neck hurts {n}",
    "got hit by a car on my bike yesterday",
    flags="trauma",
)
f(
    "en.rf.trauma.fall",
    "en",
    "pain_report",
    "fell down the stairs last night and hit my head",
    "I slipped and fell on my neck today",
    "took a bad fall off a ladder",
    flags="trauma",
)
f(
    "en.rf.trauma.dive",
    "en",
    "pain_report",
    "dove into the pool and hit the bottom",
    "diving accident at the lake yesterday",
    flags="trauma",
)
f(
    "en.rf.serious.sweats",
    "en",
    "pain_report",
    "drenching sweats every night",
    "waking up soaked in sweat",
    "night sweats so bad I change the sheets",
    flags="serious_illness",
)
f(
    "en.rf.serious.weight",
    "en",
    "pain_report",
    "lost 15 pounds without trying",
    "losing weight and not dieting",
    "my clothes are falling off me and I'm not trying to lose weight",
    flags="serious_illness",
)
f(
    "en.rf.serious.cancer",
    "en",
    "pain_report",
    "I had breast cancer before and this pain is new and won't go away",
    "history of cancer, this neck pain keeps going",
    flags="serious_illness",
)
f(
    "en.rf.serious.night",
    "en",
    "pain_report",
    "the pain never eases at night, even lying still",
    "hurts all night no matter how I lie",
    flags="serious_illness",
)
f(
    "en.rf.swallow.alone",
    "en",
    "pain_report",
    "it's hard to swallow food",
    "trouble swallowing pills lately",
    "food gets stuck when I swallow",
    flags="swallowing_lump",
)
f(
    "en.rf.lump",
    "en",
    "pain_report",
    "there's a new lump on the side of my neck",
    "found a bump under my jaw",
    "a swelling on my neck that wasnt there before",
    flags="swallowing_lump",
)
f(
    "en.rf.multi",
    "en",
    "pain_report",
    "stop, I can't feel my arm",
    "help my arm is numb and my speech is weird",
    flags="neurological,stroke",
)
f(
    "en.rf.ramble",
    "en",
    "pain_report",
    "So yesterday I was gardening all day which was probably dumb and today my neck is "
    "maybe a {n} but also my right hand keeps going numb and I dropped my coffee twice",
    "Honestly not great. Work is stressful, kids are loud, and last night I woke up drenched "
    "in sweat again, third night this week. Neck about {n}.",
    flags="neurological",
)

# ---------------------------------------------------------------- intents, English
f(
    "en.stop.exact",
    "en",
    "opt_out",
    "STOP",
    "stop",
    "Stop",
    "UNSUBSCRIBE",
    "cancel",
    "QUIT",
    "END",
    "optout",
    "STOPALL",
    "revoke",
    noise=False,
)
f(
    "en.stop.courtesy",
    "en",
    "opt_out",
    "STOP please",
    "stop thanks",
    "STOP thank you",
    "please STOP",
    "Stop. Thanks",
    "UNSUBSCRIBE please",
)
f(
    "en.stop.texting",
    "en",
    "opt_out",
    "stop texting me",
    "please stop sending me messages",
    "no more texts please",
    "dont text me anymore",
    "stop messaging me please",
)
f(
    "en.stop.leave",
    "en",
    "opt_out",
    "I want to leave the program",
    "please take me out of this programme",
    "I'd like to quit the program",
    "I want out of the neck program",
)
f(
    "en.stop.interest",
    "en",
    "opt_out",
    "not interested anymore",
    "no longer interested, thanks",
    "im not interested in these texts anymore",
    "I'm not interested in this any more",
)
f(
    "en.stop.list",
    "en",
    "opt_out",
    "remove my number from your list",
    "please take my number off the list",
    "delete my number",
    "remove me from this list",
)
f(
    "en.stop.unsub",
    "en",
    "opt_out",
    "unsubscribe me",
    "opt me out please",
    "I want to opt out",
    "cancel my subscription",
)
f(
    "en.stop.done",
    "en",
    "opt_out",
    "I'm done with this program, thanks",
    "done with these texts",
    "I don't need these texts anymore, please stop",
)
f("en.stop.alone", "en", "opt_out", "leave me alone", "quit bugging me", "stop bothering me")
f(
    "en.notstop.keep",
    "en",
    "other",
    "please don't stop the texts, they help",
    "dont stop sending them, love the tips",
    "don't unsubscribe me, I still want them",
    "I don't want to stop the program",
)
f(
    "en.notstop.exercise",
    "en",
    "exercise_skip",
    "had to stop the exercise halfway, too tired",
    "stopped the stretches early today",
)
f(
    "en.notstop.symptom",
    "en",
    "pain_report",
    "the stretches made the ache stop for a bit",
    "pain stopped after the heat pack",
)
f("en.start.exact", "en", "opt_in", "START", "start", "UNSTOP", "Yes", noise=False)
f(
    "en.start.back",
    "en",
    "opt_in",
    "I want the texts back",
    "sign me back up",
    "can you start texting me again",
    "opt me back in",
    "I'd like to rejoin the program",
)
f(
    "en.help",
    "en",
    "help",
    "HELP",
    "help",
    "info",
    "help please",
    "what can I text you",
    "what are my options",
    noise=False,
)
f("en.help.who", "en", "help", "who is this?", "whos this", "what is this number?")
f(
    "en.done",
    "en",
    "exercise_done",
    "done",
    "did it",
    "done!",
    "finished",
    "all done \u2705",
    "just did them",
    ctx="exercise",
)
f(
    "en.done.casual",
    "en",
    "exercise_done",
    "yep did em",
    "got em done \U0001f4aa",
    "did the chin tucks this morning",
    "knocked out the stretches",
    "completed",
    "\U0001f4aa",
    ctx="exercise",
)
f(
    "en.done.pain",
    "en",
    "exercise_done",
    "done, pain {n}",
    "did them, neck at {n}",
    "finished the stretches, {n} now",
)
f(
    "en.skip",
    "en",
    "exercise_skip",
    "skipped it",
    "didnt do it today",
    "not today",
    "couldnt do them, too busy",
    "no time today sorry",
    ctx="exercise",
)
f(
    "en.skip.casual",
    "en",
    "exercise_skip",
    "nope skipped \U0001f62c",
    "didnt get to it",
    "forgot again oops",
    "missed them today",
    "will do them tmrw, not today",
    ctx="exercise",
)
f(
    "en.pause",
    "en",
    "pause",
    "PAUSE",
    "pause for a week",
    "going on vacation for 2 weeks",
    "stop the texts for a few days",
    "can you hold the messages until Monday",
    "pause 5 days",
)
f(
    "en.pause.hospital",
    "en",
    "pause",
    "in the hospital for surgery, please pause for a week",
    "traveling next week, hold the texts till I'm back",
)
f(
    "en.resume",
    "en",
    "resume",
    "RESUME",
    "resume",
    "im back",
    "back from vacation",
    "you can continue the texts now",
    "unpause please",
)
f(
    "en.wrong",
    "en",
    "wrong_number",
    "wrong number",
    "you have the wrong person",
    "I don't know who this is, wrong number",
    "never signed up for this",
    "this isn't Mike's phone anymore",
    "I'm not a patient there",
)
f(
    "en.fewer",
    "en",
    "fewer",
    "FEWER",
    "too many texts",
    "fewer messages please",
    "can you text me less often",
    "less texts please",
    "so many messages, tone it down",
)
f(
    "en.more",
    "en",
    "more",
    "MORE",
    "more tips please",
    "send me more",
    "more messages",
    "you can text me more often again",
)
f(
    "en.time",
    "en",
    "checkin_time",
    "TIME 8pm",
    "check in at 7:30 pm",
    "move my check-in to 9am",
    "can you ask me at 6pm instead",
    "TIME 20:00",
)
f(
    "en.q.heat",
    "en",
    "question",
    "heat or ice?",
    "should i use heat or ice",
    "is ice better than heat for this?",
    "can I put a heat pack on it?",
)
f(
    "en.q.pillow",
    "en",
    "question",
    "what pillow should I use?",
    "is a memory foam pillow ok?",
    "how many pillows should I sleep on?",
)
f(
    "en.q.exercise",
    "en",
    "question",
    "which exercise is best?",
    "what stretches should I do?",
    "how many chin tucks should I do?",
)
f(
    "en.q.posture",
    "en",
    "question",
    "how should I sit at my desk?",
    "whats good posture for phone use?",
    "is my posture causing this?",
)
f(
    "en.q.meds",
    "en",
    "question",
    "can I take ibuprofen?",
    "what meds can I take for this?",
    "is it ok to take pain pills?",
)
f("en.q.massage", "en", "question", "will a massage help?", "is massage good for neck pain?")
f(
    "en.q.unknown",
    "en",
    "question",
    "when is my next appointment?",
    "can I talk to the doctor?",
    "do you take my insurance?",
    "how long is this program?",
)

# ---------------------------------------------------------------- dolor, español
f("es.pain.bare", "es", "pain_report", "{n}", "{n} hoy", "un {n}", ctx="checkin")
f(
    "es.pain.about",
    "es",
    "pain_report",
    "como un {n}",
    "mas o menos {n}",
    "yo diria {n}",
    "creo que {n}",
)
f("es.pain.slash", "es", "pain_report", "{n}/10", "{n} de 10", "{n} sobre 10 hoy")
f("es.pain.labelled", "es", "pain_report", "dolor {n}", "el dolor esta en {n}", "mi dolor es {n}")
f(
    "es.pain.neck",
    "es",
    "pain_report",
    "el cuello en {n}",
    "hoy el cuello un {n}",
    "cuello {n} esta manana",
)
f(
    "es.pain.story",
    "es",
    "pain_report",
    "Dormi fatal con la almohada nueva, hoy como un {n}, luego hago los ejercicios",
    "mucho trabajo en la compu todo el dia, el cuello anda en {n}",
)
f("es.pain.word", "es", "pain_report", "cinco", "un cinco hoy", "cinco de diez", pain=5)
f("es.pain.word3", "es", "pain_report", "tres", "tres creo", "un tres nomas", pain=3)
f("es.pain.word7", "es", "pain_report", "siete", "siete otra vez", "hoy siete", pain=7)
f("es.pain.word2", "es", "pain_report", "dos, mucho mejor", "solo un dos", pain=2)
f("es.pain.none", "es", "pain_report", "sin dolor hoy!", "nada de dolor", "cero dolor", pain=0)
f("es.pain.range", "es", "pain_report", "5-6", "5 o 6", "entre 5 y 6", pain=6)
f(
    "es.pain.two_days",
    "es",
    "pain_report",
    "ayer 7, hoy 4",
    "anoche 7 y ahora 4",
    "bajo de 7 a 4",
    pain=4,
)
f("es.pain.bad", "es", "pain_report", "mal dia, 8", "fatal, un 8", "8 no aguanto", pain=8)
f(
    "es.pain.with_temp",
    "es",
    "pain_report",
    "dolor {n}, hace 35 grados hoy",
    "{n}, mucho calor hoy 38 grados afuera",
)
f(
    "es.pain.with_age",
    "es",
    "pain_report",
    "tengo 70 anos y el cuello en {n}",
    "a mis 65 el cuello esta en {n}",
)
f(
    "es.pain.helped",
    "es",
    "pain_report",
    "los estiramientos me ayudaron, ya en {n}",
    "con el calor bajo a {n}",
)
f(
    "es.feel.worse",
    "es",
    "pain_report",
    "peor que ayer",
    "cada vez peor",
    "hoy un poco peor",
    "empeoro despues del trabajo",
)
f(
    "es.feel.better",
    "es",
    "pain_report",
    "mucho mejor hoy",
    "me siento mejor",
    "el cuello mejor gracias",
    "mejor que ayer",
)
f(
    "es.feel.sore",
    "es",
    "pain_report",
    "un poco adolorido",
    "me duele un poquito",
    "algo de molestia",
    "dolorcito leve",
)
f(
    "es.feel.stiff",
    "es",
    "pain_report",
    "el cuello muy tieso hoy",
    "amaneci con el cuello rigido",
    "tengo el cuello duro otra vez",
)
f(
    "es.feel.same",
    "es",
    "pain_report",
    "igual",
    "igual que ayer",
    "sin cambios",
    "mas o menos igual",
)
f(
    "es.feel.bad",
    "es",
    "pain_report",
    "me duele mucho hoy",
    "hoy esta muy mal",
    "me esta matando el cuello",
)
f(
    "es.feel.spasm",
    "es",
    "pain_report",
    "otra vez el espasmo del lado izquierdo",
    "se me contractura el cuello",
    "calambres en el hombro y cuello",
)
f(
    "es.feel.resolved_numb",
    "es",
    "pain_report",
    "ya no tengo el hormigueo",
    "se me quito lo dormido de la mano, solo dolor",
    "la mano ya esta normal, sin hormigueo",
)
f("es.feel.wont_stop", "es", "pain_report", "el dolor no para", "no se me quita el dolor")
# negativos dificiles
f("es.num.outofrange", "es", "pain_report", "12", "15", ctx="checkin")
f("es.num.otherscale", "es", "other", "4/5", "3 de 5", "2 de 4 estrellas jaja")
f("es.num.date", "es", "other", "nos vemos el 3/12", "mi cita es el 20/12")
f("es.num.phone", "es", "other", "mi nuevo numero es 55 1234 5678", "llamenme al 612 345 678")
f(
    "es.num.dose",
    "es",
    "question",
    "puedo tomar 2 ibuprofenos?",
    "puedo tomar paracetamol?",
    "que medicina puedo tomar?",
)
f("es.num.reps", "es", "exercise_done", "hice 10 repeticiones", "hice 3 series de 10")
f(
    "es.other.kid_fever",
    "es",
    "other",
    "mi hijo tiene fiebre, hoy me quedo en casa",
    "mi nena esta con fiebre, hago los ejercicios mas tarde",
)
f(
    "es.other.husband",
    "es",
    "other",
    "a mi esposo le dolia el pecho la semana pasada, ya esta bien",
    "mi papa esta en el hospital por el corazon",
)
f(
    "es.other.crash",
    "es",
    "other",
    "mi amiga tuvo un accidente de coche, ella esta bien",
    "mi hermano choco el carro pero no le paso nada",
)
f(
    "es.other.chat",
    "es",
    "other",
    "estoy en el super",
    "perdon, era para otra persona",
    "que bonito dia hace",
    "mi perro se comio el cargador",
)
f(
    "es.other.stop_senses",
    "es",
    "other",
    "no paro de ver el celular jaja",
    "pare en la farmacia",
    "ya paro la lluvia",
)
f(
    "es.ack",
    "es",
    "other",
    "ok gracias",
    "gracias",
    "vale",
    "perfecto",
    "de acuerdo",
    "muchas gracias",
    noise=False,
)
f(
    "es.neg.numb",
    "es",
    "pain_report",
    "sin hormigueo, dolor {n}",
    "no tengo adormecimiento, {n}",
    "los brazos bien, sin debilidad. {n}",
)
f(
    "es.neg.fever",
    "es",
    "pain_report",
    "sin fiebre, solo rigido",
    "no tengo fiebre ni manchas",
    "temperatura normal, cuello tieso",
)
f(
    "es.neg.chest",
    "es",
    "pain_report",
    "no me duele el pecho, solo el cuello en {n}",
    "sin mareos, dolor {n}",
)
f(
    "es.neg.accident",
    "es",
    "pain_report",
    "el accidente fue hace 10 anos, hoy {n}",
    "latigazo de hace anos, ahora {n}",
)
f(
    "es.neg.weight",
    "es",
    "pain_report",
    "baje 3 kilos con la dieta, cuello {n}",
    "estoy a dieta y baje de peso, me siento bien, {n}",
)
f(
    "es.neg.dead",
    "es",
    "other",
    "estoy muerta de cansancio jaja",
    "este trafico me mata",
    "se me murio el celular ayer",
)
f(
    "es.neg.swallow",
    "es",
    "pain_report",
    "trago bien, sin bultos, dolor {n}",
    "no tengo problemas para tragar, {n}",
)

# ---------------------------------------------------------------- banderas rojas, español
f(
    "es.rf.cardiac.jaw",
    "es",
    "pain_report",
    "presion en el pecho que sube a la mandibula",
    "me aprieta el pecho y se va al brazo izquierdo",
    "opresion en el pecho hasta el cuello",
    flags="cardiac",
)
f(
    "es.rf.cardiac.sweat",
    "es",
    "pain_report",
    "dolor de pecho y estoy sudando mucho",
    "me duele el pecho con nauseas",
    "dolor en el pecho, sudor frio y mareo",
    flags="cardiac",
)
f(
    "es.rf.stroke.speech",
    "es",
    "pain_report",
    "me salen mal las palabras",
    "hablo raro, se me traba la lengua",
    "no puedo hablar bien desde esta manana",
    "arrastro las palabras",
    flags="stroke",
)
f(
    "es.rf.stroke.face",
    "es",
    "pain_report",
    "tengo la cara caida de un lado",
    "se me cayo la boca de un lado",
    "la cara torcida de repente",
    flags="stroke",
)
f(
    "es.rf.stroke.vision",
    "es",
    "pain_report",
    "de repente veo doble",
    "veo todo doble",
    flags="stroke",
)
f(
    "es.rf.stroke.faint",
    "es",
    "pain_report",
    "me desmaye esta manana",
    "perdi el conocimiento",
    "me dio un desmayo al girar la cabeza",
    flags="stroke",
)
f(
    "es.rf.stroke.tearing",
    "es",
    "pain_report",
    "dolor desgarrador de repente en el cuello",
    "un dolor como que se rasga el cuello, el peor de mi vida",
    flags="stroke",
)
f(
    "es.rf.airway",
    "es",
    "pain_report",
    "no puedo respirar bien",
    "me falta el aire",
    "me cuesta respirar",
    "tengo el cuello hinchado y me ahogo",
    flags="airway",
)
f(
    "es.rf.selfharm",
    "es",
    "other",
    "quiero morirme",
    "ya no quiero vivir",
    "estoy pensando en quitarme la vida",
    "quiero hacerme dano",
    "me quiero matar",
    flags="self_harm",
)
f(
    "es.rf.infection.fever",
    "es",
    "pain_report",
    "tengo fiebre y el cuello muy rigido",
    "fiebre de 39 y no puedo doblar el cuello",
    "calentura y cuello tieso",
    flags="infection",
)
f(
    "es.rf.infection.rash",
    "es",
    "pain_report",
    "me salieron manchitas moradas que no se quitan al apretar",
    "tengo un sarpullido que no desaparece al presionar con un vaso",
    "puntitos rojos en la piel que no se borran",
    flags="infection",
)
f(
    "es.rf.infection.light",
    "es",
    "pain_report",
    "me molesta mucho la luz y tengo el cuello rigido",
    "no aguanto la luz, cuello duro",
    flags="infection",
)
f(
    "es.rf.neuro.numb",
    "es",
    "pain_report",
    "se me duerme la mano izquierda",
    "tengo el brazo entumido",
    "no siento los dedos",
    "se me adormece el brazo derecho",
    "siento la mano acalambrada y dormida",
    flags="neurological",
)
f(
    "es.rf.neuro.weak",
    "es",
    "pain_report",
    "se me debilita el brazo",
    "no tengo fuerza en la mano",
    "me flaquea el brazo",
    "se me afloja la mano y no puedo agarrar nada",
    flags="neurological",
)
f(
    "es.rf.neuro.clumsy",
    "es",
    "pain_report",
    "se me caen las cosas de las manos",
    "tengo las manos torpes",
    "no puedo abrocharme los botones",
    flags="neurological",
)
f(
    "es.rf.neuro.tingle",
    "es",
    "pain_report",
    "hormigueo en las dos manos",
    "me hormiguean ambas manos",
    "cosquilleo en las dos manos desde ayer",
    flags="neurological",
)
f(
    "es.rf.neuro.walk",
    "es",
    "pain_report",
    "camino inestable",
    "me tambaleo al caminar",
    "pierdo el equilibrio al andar",
    flags="neurological",
)
f(
    "es.rf.neuro.bladder",
    "es",
    "pain_report",
    "no controlo la orina",
    "se me escapa la orina",
    "no puedo controlar el intestino",
    flags="neurological",
)
f(
    "es.rf.neuro.shock",
    "es",
    "pain_report",
    "siento como una descarga electrica al bajar la cabeza",
    "un corrientazo por la espalda cuando agacho la cabeza",
    flags="neurological",
)
f(
    "es.rf.neuro.returns",
    "es",
    "pain_report",
    "se me habia quitado lo dormido pero volvio",
    "otra vez se me duerme el brazo",
    flags="neurological",
)
f(
    "es.rf.trauma",
    "es",
    "pain_report",
    "tuve un accidente de coche ayer",
    "me chocaron por detras esta manana",
    "me cai de la escalera y me golpee la cabeza",
    "me cai en la ducha y me pegue en el cuello",
    flags="trauma",
)
f(
    "es.rf.trauma.dive",
    "es",
    "pain_report",
    "me tire de clavado y me pegue en el fondo",
    "accidente tirandome a la piscina",
    flags="trauma",
)
f(
    "es.rf.serious.sweats",
    "es",
    "pain_report",
    "sudo muchisimo por las noches",
    "me despierto empapado de sudor",
    "sudores nocturnos, cambio las sabanas",
    flags="serious_illness",
)
f(
    "es.rf.serious.weight",
    "es",
    "pain_report",
    "baje 8 kilos sin querer",
    "estoy perdiendo peso sin hacer dieta",
    flags="serious_illness",
)
f(
    "es.rf.serious.cancer",
    "es",
    "pain_report",
    "tuve cancer y este dolor es nuevo y no se quita",
    "antecedente de cancer, este dolor sigue",
    flags="serious_illness",
)
f(
    "es.rf.serious.night",
    "es",
    "pain_report",
    "el dolor no se calma nunca en la noche",
    "me duele toda la noche aunque este quieto",
    flags="serious_illness",
)
f(
    "es.rf.swallow",
    "es",
    "pain_report",
    "me cuesta tragar la comida",
    "se me atora la comida",
    "dificultad para tragar",
    flags="swallowing_lump",
)
f(
    "es.rf.lump",
    "es",
    "pain_report",
    "me salio una bolita en el cuello",
    "tengo un bulto nuevo debajo de la mandibula",
    "una hinchazon nueva en el cuello",
    flags="swallowing_lump",
)
f(
    "es.rf.ramble",
    "es",
    "pain_report",
    "Pues ayer estuve limpiando toda la casa y hoy el cuello como un {n}, pero lo que me "
    "preocupa es que se me duerme la mano derecha y se me cayo la taza dos veces",
    flags="neurological",
)

# ---------------------------------------------------------------- intenciones, español
f("es.stop.exact", "es", "opt_out", "BASTA", "ALTO", "basta", "Cancelar", "parar", noise=False)
f(
    "es.stop.courtesy",
    "es",
    "opt_out",
    "STOP por favor",
    "stop gracias",
    "BAJA por favor",
    "alto gracias",
    "basta ya por favor",
)
f(
    "es.stop.texting",
    "es",
    "opt_out",
    "ya no me manden mensajes",
    "dejen de escribirme",
    "no quiero recibir mas mensajes",
    "no me envien mas textos por favor",
)
f(
    "es.stop.leave",
    "es",
    "opt_out",
    "quiero salir del programa",
    "quiero salirme del programa",
    "me quiero salir de esto",
    "saquenme del programa",
)
f(
    "es.stop.interest",
    "es",
    "opt_out",
    "ya no me interesa",
    "no me interesa, gracias",
    "ya no estoy interesada en los mensajes",
)
f(
    "es.stop.list",
    "es",
    "opt_out",
    "borren mi numero de su lista",
    "quiten mi numero",
    "eliminen mi numero por favor",
    "saquen mi numero de la lista",
)
f(
    "es.stop.baja",
    "es",
    "opt_out",
    "quiero darme de baja",
    "denme de baja",
    "cancelar la suscripcion",
    "quiero cancelar los mensajes",
)
f(
    "es.stop.basta",
    "es",
    "opt_out",
    "basta de mensajes",
    "ya basta de textos",
    "basta, no quiero mas mensajes",
)
f(
    "es.notstop",
    "es",
    "other",
    "no dejen de mandarme los mensajes, me ayudan",
    "por favor no paren los mensajes",
    "no me den de baja, quiero seguir",
    "no quiero salir del programa",
)
f("es.start.exact", "es", "opt_in", "EMPEZAR", "COMENZAR", "empezar", noise=False)
f(
    "es.start.back",
    "es",
    "opt_in",
    "quiero volver a recibir los mensajes",
    "vuelvan a mandarme los mensajes",
    "quiero volver al programa",
    "me pueden inscribir otra vez",
    "quiero volver a empezar",
)
f(
    "es.help",
    "es",
    "help",
    "AYUDA",
    "ayuda",
    "ayuda por favor",
    "que opciones tengo",
    "informacion",
    noise=False,
)
f("es.help.who", "es", "help", "quien es?", "quien es este numero?")
f(
    "es.done",
    "es",
    "exercise_done",
    "listo",
    "hecho",
    "ya lo hice",
    "termine",
    "ya los hice \u2705",
    "listo \U0001f4aa",
    ctx="exercise",
)
f(
    "es.done.casual",
    "es",
    "exercise_done",
    "ya quedaron",
    "si los hice hoy en la manana",
    "hice los estiramientos",
    "ya cumpli con los ejercicios",
    ctx="exercise",
)
f("es.done.pain", "es", "exercise_done", "listo, dolor {n}", "ya los hice, cuello en {n}")
f(
    "es.skip",
    "es",
    "exercise_skip",
    "hoy no",
    "no pude",
    "no los hice",
    "me los salte hoy",
    "no tuve tiempo hoy",
    ctx="exercise",
)
f(
    "es.skip.casual",
    "es",
    "exercise_skip",
    "se me olvido jaja",
    "hoy no pude \U0001f62c",
    "mañana los hago, hoy no",
    ctx="exercise",
)
f(
    "es.pause",
    "es",
    "pause",
    "PAUSA",
    "pausa por una semana",
    "me voy de vacaciones 2 semanas",
    "paren los mensajes por unos dias",
    "pausen hasta el lunes",
)
f(
    "es.resume",
    "es",
    "resume",
    "SEGUIR",
    "ya regrese",
    "quiero seguir con los mensajes",
    "pueden continuar",
    "reanudar por favor",
)
f(
    "es.wrong",
    "es",
    "wrong_number",
    "numero equivocado",
    "se equivocaron de numero",
    "no conozco a esa persona, numero equivocado",
    "no soy paciente de ustedes",
)
f(
    "es.fewer",
    "es",
    "fewer",
    "MENOS",
    "demasiados mensajes",
    "menos mensajes por favor",
    "mandenme menos",
    "escribanme con menos frecuencia",
)
f(
    "es.more",
    "es",
    "more",
    "MAS",
    "mas consejos por favor",
    "mandenme mas mensajes",
    "pueden escribirme con mas frecuencia",
)
f(
    "es.time",
    "es",
    "checkin_time",
    "HORA 20",
    "HORA 8 de la noche",
    "cambien la hora de la pregunta a las 9",
    "preguntenme a las 7 de la tarde",
)
f("es.q.heat", "es", "question", "calor o hielo?", "me pongo calor o hielo?", "es mejor el hielo?")
f("es.q.pillow", "es", "question", "que almohada uso?", "sirve una almohada de espuma?")
f("es.q.exercise", "es", "question", "que ejercicio es mejor?", "que estiramientos hago?")
f("es.q.posture", "es", "question", "como me siento en la compu?", "mi postura es el problema?")
f("es.q.massage", "es", "question", "un masaje me ayuda?", "sirve el masaje?")
f(
    "es.q.unknown",
    "es",
    "question",
    "cuando es mi proxima cita?",
    "puedo hablar con el doctor?",
    "cuanto dura el programa?",
)

# ---------------------------------------------------------------- code-switching
f(
    "mx.pain",
    "es",
    "pain_report",
    "hoy como un {n}, pretty bad",
    "neck en {n} today",
    "el dolor like a {n}",
)
f("mx.stop", "es", "opt_out", "stop porfa, ya no quiero mensajes", "ya no, stop texting me pls")
f(
    "mx.rf.numb",
    "es",
    "pain_report",
    "se me duerme la mano, like numb todo el dia",
    "my arm esta entumido",
    flags="neurological",
)
f("mx.rf.chest", "es", "pain_report", "chest pain que se va al brazo", flags="cardiac")
f("mx.done", "es", "exercise_done", "done ya los hice", "ya, did them", ctx="exercise")
f("mx.q", "es", "question", "puedo usar heat pad?", "ice o calor?")

# ---------------------------------------------------------------- more opt-out / opt-in
f(
    "en.stop.polite",
    "en",
    "opt_out",
    "Hi, I'd like to stop receiving these messages please",
    "Thank you for everything but I would like the texts to stop now",
    "Could you please stop the messages, I've recovered",
)
f(
    "en.stop.recovered",
    "en",
    "opt_out",
    "my neck is fine now, you can stop the texts for good",
    "all healed, please unsubscribe me",
    "I'm better, no need to text me anymore",
)
f(
    "en.stop.angry",
    "en",
    "opt_out",
    "STOP TEXTING ME!!!",
    "how do I make these stop?? unsubscribe",
    "enough with the texts, stop",
    "I said stop. no more messages",
)
f(
    "en.stop.number",
    "en",
    "opt_out",
    "take this number off your texting list",
    "please don't contact this number again",
    "never text this number again",
)
f(
    "en.stop.program",
    "en",
    "opt_out",
    "cancel the program for me",
    "end my enrollment please",
    "I quit the program",
    "withdraw me from the study please",
)
f(
    "en.stop.keyword_sentence",
    "en",
    "opt_out",
    "Cancel please",
    "End it. Thanks",
    "QUIT thank you",
    "stop pls",
)
f(
    "en.notstop.pause",
    "en",
    "pause",
    "dont stop for good, just pause a week",
    "not quitting, just pause until friday",
)
f(
    "en.notstop.other",
    "en",
    "other",
    "I'm not going to stop the program, don't worry",
    "I won't quit, promise",
    "never unsubscribing, these are great",
)
f(
    "en.start.again",
    "en",
    "opt_in",
    "I changed my mind, please text me again",
    "resubscribe me",
    "turn the messages back on",
    "I miss the texts, can I have them back?",
    "I want to join again",
)
f(
    "en.start.yes_back",
    "en",
    "opt_in",
    "yes start again please",
    "START again thanks",
    "start please",
)
f(
    "es.stop.polite",
    "es",
    "opt_out",
    "Hola, ya no quiero recibir estos mensajes por favor",
    "Gracias por todo pero ya no me manden mas",
    "podrian dejar de mandarme mensajes?",
)
f(
    "es.stop.recovered",
    "es",
    "opt_out",
    "ya estoy bien, no me manden mas mensajes",
    "ya me curé, denme de baja",
)
f(
    "es.stop.salir",
    "es",
    "opt_out",
    "SALIR",
    "salir por favor",
    "quiero salir",
    "salirme de la lista",
)
f(
    "es.stop.angry",
    "es",
    "opt_out",
    "YA NO ME ESCRIBAN!!!",
    "basta ya de mensajes!!",
    "no me vuelvan a escribir",
)
f(
    "es.stop.number",
    "es",
    "opt_out",
    "no vuelvan a contactar este numero",
    "sacar este numero de la lista de mensajes",
)
f(
    "es.notstop.other",
    "es",
    "other",
    "no voy a dejar el programa, tranquilos",
    "no me quiero salir, me gusta",
)
f(
    "es.start.again",
    "es",
    "opt_in",
    "cambie de opinion, mandenme mensajes otra vez",
    "quiero volver a inscribirme",
    "activen los mensajes de nuevo",
    "extrano los mensajes, me los pueden volver a mandar?",
    "me vuelvo a apuntar",
)
f("es.start.courtesy", "es", "opt_in", "EMPEZAR por favor", "empezar gracias", "START por favor")

# ---------------------------------------------------------------- more everyday intents
f(
    "en.pause.busy",
    "en",
    "pause",
    "can we take a break for a couple weeks",
    "hold off on texts while I'm away",
    "I'm away next week, pause please",
)
f(
    "en.resume.back",
    "en",
    "resume",
    "back home, you can resume",
    "ok you can start again now that im back from my trip",
)
f(
    "en.fewer.polite",
    "en",
    "fewer",
    "it's a lot of texts, could you send fewer?",
    "less often please",
    "once a day is enough, fewer texts",
)
f(
    "en.time.later",
    "en",
    "checkin_time",
    "can you check in at 9 pm instead",
    "TIME 7am",
    "change the check-in time to 8:30 am",
)
f(
    "en.wrong.mom",
    "en",
    "wrong_number",
    "this is her son, she passed away, wrong number now",
    "you have the wrong number, no one named Ana here",
)
f(
    "en.q.other",
    "en",
    "question",
    "is it normal for it to click?",
    "should I see a chiropractor?",
    "how long until it gets better?",
)
f(
    "en.q.sleep",
    "en",
    "question",
    "can I sleep with the heating pad on?",
    "is it safe to fall asleep on a heat pad?",
)
f("en.q.stress", "en", "question", "could stress cause this?", "does stress make neck pain worse?")
f(
    "es.pause.busy",
    "es",
    "pause",
    "podemos descansar un par de semanas?",
    "me voy de viaje, pausen los mensajes",
)
f(
    "es.fewer.polite",
    "es",
    "fewer",
    "son muchos mensajes, pueden mandar menos?",
    "con uno al dia basta, menos mensajes",
)
f("es.time.later", "es", "checkin_time", "HORA 9 de la manana", "cambien la hora a las 8")
f(
    "es.q.other",
    "es",
    "question",
    "es normal que truene?",
    "debo ir al quiropractico?",
    "cuanto tarda en mejorar?",
)
f("es.q.sleep", "es", "question", "puedo dormir con la almohadilla de calor?")
f("es.q.stress", "es", "question", "el estres causa esto?", "el estres empeora el dolor?")
f(
    "es.feel.misc",
    "es",
    "pain_report",
    "ahi vamos, con molestias",
    "regular",
    "adolorida pero bien",
    "un poco mejor que ayer",
)
f(
    "en.feel.misc",
    "en",
    "pain_report",
    "meh",
    "so so today",
    "hanging in there, sore",
    "not great not terrible",
)
f("es.neg.other_q", "es", "question", "mi mama tiene el brazo dormido, que hago?")
f(
    "es.neg.other_symptoms",
    "es",
    "other",
    "mi vecino se desmayo ayer",
    "a mi hija le salio un sarpullido",
)
f("en.neg.other_q", "en", "question", "my mom's arm is numb, what should she do?")
f(
    "en.neg.other_symptoms",
    "en",
    "other",
    "my neighbor fainted yesterday",
    "my son has a rash from the daycare",
)


# ---------------------------------------------------------------- everyday calm reports
f(
    "en.calm.desk",
    "en",
    "pain_report",
    "sat at my desk all day, neck tight, about {n}",
    "tight shoulders after a long meeting, {n}",
    "computer all day again, neck {n}",
)
f(
    "en.calm.sleep",
    "en",
    "pain_report",
    "slept funny, neck stiff this morning",
    "woke up with a crick in my neck",
    "pillow was too high, stiff today",
)
f(
    "en.calm.driving",
    "en",
    "pain_report",
    "long drive today, neck a bit achy",
    "stiff after driving to my sisters, {n}",
)
f(
    "en.calm.improving",
    "en",
    "pain_report",
    "getting there, {n} today",
    "slowly improving, {n}",
    "way better this week, like a {n}",
)
f(
    "en.calm.turning",
    "en",
    "pain_report",
    "hard to turn my head left but ok otherwise",
    "stiff turning to the right, {n}",
    "cant look over my shoulder very well today",
)
f(
    "en.calm.headache",
    "en",
    "pain_report",
    "little headache from the neck tension, {n}",
    "tension up into my head, usual stuff",
)
f(
    "en.calm.gym",
    "en",
    "pain_report",
    "went to the gym, neck fine, {n}",
    "yoga helped, neck loose today",
)
f(
    "es.calm.desk",
    "es",
    "pain_report",
    "todo el dia en la oficina, cuello tenso, como {n}",
    "hombros cargados despues del trabajo, {n}",
    "otra vez mucha compu, cuello en {n}",
)
f(
    "es.calm.sleep",
    "es",
    "pain_report",
    "dormi chueco, el cuello tieso",
    "amaneci con torticolis",
    "la almohada muy alta, hoy rigido",
    "me levante con el cuello duro",
)
f(
    "es.calm.driving",
    "es",
    "pain_report",
    "maneje mucho hoy, cuello adolorido",
    "tieso despues de manejar, {n}",
)
f(
    "es.calm.improving",
    "es",
    "pain_report",
    "ahi voy, {n} hoy",
    "poco a poco mejor, {n}",
    "mucho mejor esta semana, un {n}",
)
f(
    "es.calm.turning",
    "es",
    "pain_report",
    "me cuesta girar la cabeza a la izquierda",
    "rigido al voltear a la derecha, {n}",
    "no puedo voltear bien hoy",
)
f(
    "es.calm.headache",
    "es",
    "pain_report",
    "dolorcito de cabeza por la tension del cuello, {n}",
    "la tension me sube a la cabeza, lo de siempre",
)
f(
    "es.calm.gym",
    "es",
    "pain_report",
    "fui al gimnasio, cuello bien, {n}",
    "el yoga me ayudo, cuello suelto hoy",
)
f(
    "es.calm.muscle",
    "es",
    "pain_report",
    "el musculo del cuello muy duro",
    "tengo un nudo en el trapecio",
    "contracturado del lado derecho",
)
f(
    "en.calm.muscle",
    "en",
    "pain_report",
    "muscle in my neck is like a rock",
    "got a knot in my trapezius",
    "tight knot on the right side",
)

# ---------------------------------------------------------------- more everyday reports
f(
    "en.calm.work",
    "en",
    "pain_report",
    "busy shift at the warehouse, neck sore, {n}",
    "lifting boxes all day, neck and shoulders tight",
    "cleaned the house, neck is ok, {n}",
)
f(
    "en.calm.weather",
    "en",
    "pain_report",
    "cold weather makes it stiffer, {n}",
    "rainy days are worse for my neck",
    "the cold gets into my neck",
)
f(
    "en.calm.sitting",
    "en",
    "pain_report",
    "long flight yesterday, neck stiff, {n}",
    "binge watched tv on the couch, neck complaining",
    "read in bed too long, neck sore",
)
f(
    "en.calm.morning",
    "en",
    "pain_report",
    "mornings are the worst, eases by lunch",
    "stiff first thing then loosens up",
    "better once I get moving",
)
f(
    "en.calm.sides",
    "en",
    "pain_report",
    "left side tighter than right today",
    "pain on the right side of my neck, {n}",
    "ache at the base of my skull, {n}",
)
f(
    "en.calm.heat",
    "en",
    "pain_report",
    "heat pack helped a lot, {n} now",
    "warm shower loosened it up",
    "ice made it feel better",
)
f(
    "es.calm.work",
    "es",
    "pain_report",
    "mucho trabajo en la fabrica, cuello cargado, {n}",
    "cargue cajas todo el dia, hombros tensos",
    "limpie la casa, el cuello bien, {n}",
)
f(
    "es.calm.weather",
    "es",
    "pain_report",
    "con el frio se pone mas rigido, {n}",
    "los dias de lluvia me duele mas el cuello",
    "el frio se me mete en el cuello",
)
f(
    "es.calm.sitting",
    "es",
    "pain_report",
    "vuelo largo ayer, cuello tieso, {n}",
    "mucha tele en el sillon, el cuello se queja",
    "lei en la cama mucho rato, me duele el cuello",
)
f(
    "es.calm.morning",
    "es",
    "pain_report",
    "en la manana es peor, a mediodia se calma",
    "rigido al levantarme y luego se afloja",
    "mejor cuando me muevo",
)
f(
    "es.calm.sides",
    "es",
    "pain_report",
    "el lado izquierdo mas tenso que el derecho",
    "dolor del lado derecho del cuello, {n}",
    "molestia en la nuca, {n}",
)
f(
    "es.calm.heat",
    "es",
    "pain_report",
    "la compresa caliente ayudo mucho, {n} ahora",
    "la ducha caliente me lo afloja",
    "el hielo me hizo bien",
)
f(
    "es.calm.neck_words",
    "es",
    "pain_report",
    "la nuca cargada",
    "el cuello agarrotado hoy",
    "tortícolis otra vez",
    "cuello duro como piedra, {n}",
)
f(
    "en.calm.neck_words",
    "en",
    "pain_report",
    "neck feels locked up",
    "crick in my neck again",
    "neck is tight as a drum, {n}",
)
